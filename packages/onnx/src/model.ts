/**
 * Serialises a graph as an ONNX `ModelProto` with onnx-proto, the protobufjs
 * module generated from onnx.proto.
 */
import onnxProto from 'onnx-proto';
import { RectifyError } from '@rectify/core';
import { DOUBLE, FLOAT, type Attribute, type Graph, type OnnxDim, type OnnxValueInfo } from './graph.js';

const { onnx } = onnxProto;

/**
 * The opsets {@link toOnnx} writes, and the IR version each is written with:
 * the IR version of the ONNX release that introduced the opset (opset 13 and
 * 14: IR 7; 15 to 18: IR 8; 19 and 20: IR 9; 21 and 22: IR 10; 23: IR 11).
 * @public
 */
export const IR_VERSIONS: Readonly<Record<number, number>> = Object.freeze({ 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10, 23: 11 });

/**
 * The default opset of {@link toOnnx}.
 * @public
 */
export const DEFAULT_OPSET = 17;

/**
 * The IR version for an opset.
 * @param opset - The default domain's opset version.
 * @returns The IR version it is written with.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for an opset outside 13 to 23.
 * @public
 */
export function irVersionOf(opset: number): number {
  const ir = IR_VERSIONS[opset];
  if (ir === undefined) throw new RectifyError('INVALID_ARGUMENT', `opset must be an integer from 13 to 23, got ${String(opset)}`, { field: 'opset', value: opset });
  return ir;
}

function attribute(name: string, value: Attribute): onnxProto.onnx.IAttributeProto {
  if ('f' in value) return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.f };
  if ('i' in value) return { name, type: onnx.AttributeProto.AttributeType.INT, i: value.i };
  if ('s' in value) return { name, type: onnx.AttributeProto.AttributeType.STRING, s: Uint8Array.from(value.s, (c) => c.charCodeAt(0) & 0x7f) }; // ASCII: the ops' enum strings ('tanh').
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...value.ints] };
}

function dim(d: OnnxDim): onnxProto.onnx.TensorShapeProto.IDimension {
  if (d === null) return {};
  return typeof d === 'string' ? { dimParam: d } : { dimValue: d };
}

function valueInfo(value: OnnxValueInfo): onnxProto.onnx.IValueInfoProto {
  return { name: value.name, type: { tensorType: { elemType: value.dtype === 'float32' ? FLOAT : DOUBLE, shape: { dim: value.shape.map(dim) } } } };
}

/**
 * Serialises a one-graph model.
 *
 * @param graph - Nodes, inputs, outputs and initializers.
 * @param opset - The default domain's opset version.
 * @param name - The graph's name.
 * @returns The bytes of the `ModelProto`.
 */
export function encodeModel(graph: Graph, opset: number, name: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: irVersionOf(opset),
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'rectify',
    graph: {
      name,
      node: graph.nodes.map((node, index) => ({
        input: [...node.inputs],
        output: [...node.outputs],
        name: `n${index}`,
        opType: node.op,
        attribute: Object.entries(node.attributes ?? {}).map(([key, value]) => attribute(key, value)),
      })),
      initializer: graph.initializers.map((init) => ({
        name: init.name,
        dims: [...init.dims],
        dataType: init.type,
        rawData: new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength),
      })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  const bytes = onnx.ModelProto.encode(model).finish();
  return new Uint8Array(bytes);
}
