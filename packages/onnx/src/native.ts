/**
 * ONNX's own ops for activations that the lowerings write as expressions:
 * a table keyed by plugin name, used by `toOnnx` under `native: true`.
 */
import { axisLayout } from '@rectify/core';
import type { Attribute } from './graph.js';
import type { OnnxDType } from './graph.js';

/**
 * One native ONNX node `x → y` that stands for an activation's forward.
 * @public
 */
export interface OnnxNativeNode {
  /** The ONNX op (default domain). */
  readonly op: string;
  /** Its attributes, with ONNX's names. */
  readonly attributes: Readonly<Record<string, Attribute>>;
}

/**
 * The native node of one activation for a config, an opset, a dtype and the
 * input's rank, or `undefined` where ONNX has no such op at the opset or
 * ONNX Runtime no kernel for the dtype (the lowering's expression is
 * written then).
 * @public
 */
export type OnnxNativeMapping = (config: Readonly<Record<string, unknown>>, opset: number, dtype: OnnxDType, rank: number) => OnnxNativeNode | undefined;

const num = (config: Readonly<Record<string, unknown>>, name: string, fallback: number): number => {
  const v = config[name];
  return typeof v === 'number' ? v : fallback;
};

/** An op with float32 kernels only in ONNX Runtime 1.30, from an opset on. */
const float32From =
  (op: string, since: number, attributes: (config: Readonly<Record<string, unknown>>) => Record<string, Attribute> = () => ({})): OnnxNativeMapping =>
  (config, opset, dtype) =>
    dtype === 'float32' && opset >= since ? { op, attributes: attributes(config) } : undefined;

/** Softmax or LogSoftmax along the config's axis (resolved as Rectify resolves it), in the dtypes given. */
const alongAxis =
  (op: string, dtypes: readonly OnnxDType[]): OnnxNativeMapping =>
  (config, _opset, dtype, rank) => {
    if (rank === 0 || !dtypes.includes(dtype)) return undefined;
    const { axis } = axisLayout(op, new Array<number>(rank).fill(1), num(config, 'axis', -1));
    return { op, attributes: { axis: { i: axis } } };
  };

/**
 * The native ONNX ops, by plugin name. Measured in onnxruntime-node 1.30
 * against Rectify: see the package README.
 * @public
 */
export const NATIVE_OPS: Readonly<Record<string, OnnxNativeMapping>> = {
  elu: float32From('Elu', 6, (c) => ({ alpha: { f: num(c, 'alpha', 1) } })),
  selu: float32From('Selu', 6),
  celu: float32From('Celu', 12, (c) => ({ alpha: { f: num(c, 'alpha', 1) } })),
  hardsigmoid: float32From('HardSigmoid', 6, () => ({ alpha: { f: 1 / 6 }, beta: { f: 0.5 } })),
  hardswish: float32From('HardSwish', 14),
  mish: float32From('Mish', 18),
  gelu: float32From('Gelu', 20, (c) => ({ approximate: { s: c['approximate'] === 'tanh' ? 'tanh' : 'none' } })),
  softmax: alongAxis('Softmax', ['float32', 'float64']),
  // float64 LogSoftmax gives −∞ where a slice holding NaN or ∞ gives NaN in Rectify.
  log_softmax: alongAxis('LogSoftmax', ['float32']),
};
