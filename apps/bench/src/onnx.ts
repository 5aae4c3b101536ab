/**
 * A small writer of ONNX models: just enough protobuf to describe a graph of
 * a few nodes, so that the benchmark needs no protobuf library and no model
 * files. Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto).
 */

/** ONNX element types used here (TensorProto.DataType). */
export const FLOAT = 1;
export const INT64 = 7;
export const DOUBLE = 11;

/** Bytes of a protobuf message under construction. */
class Writer {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** A non-negative integer field (int32, int64 or enum). */
  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  /** A float field (fixed 32 bits). */
  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.bytes.push(...b);
    return this;
  }

  /** A length-delimited field: bytes, a string or a nested message. */
  raw(field: number, value: Uint8Array | Writer | string): this {
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value instanceof Writer ? value.finish() : value;
    this.key(field, 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** An attribute value: a float, an int, or a list of ints. */
export type Attribute = { readonly f: number } | { readonly i: number } | { readonly ints: readonly number[] };

/** One graph node. */
export interface Node {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, Attribute>>;
}

/** A graph input or output: a name, an element type and a shape (strings are symbolic sizes). */
export interface Value {
  readonly name: string;
  readonly type: number;
  readonly shape: readonly (number | string)[];
}

/** A constant tensor stored in the model. */
export interface Initializer {
  readonly name: string;
  readonly type: number;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array;
}

function valueInfo(value: Value): Writer {
  const shape = new Writer();
  for (const d of value.shape) shape.raw(1, typeof d === 'string' ? new Writer().raw(2, d) : new Writer().int(1, d));
  const tensorType = new Writer().int(1, value.type).raw(2, shape);
  return new Writer().raw(1, value.name).raw(2, new Writer().raw(1, tensorType));
}

function attribute(name: string, value: Attribute): Writer {
  const w = new Writer().raw(1, name);
  if ('f' in value) return w.float(2, value.f).int(20, 1);
  if ('i' in value) return w.int(3, value.i).int(20, 2);
  for (const i of value.ints) w.int(8, i);
  return w.int(20, 7);
}

/**
 * Serialises a one-graph ONNX model.
 *
 * @param graph - Nodes, inputs, outputs and initializers.
 * @param opset - The default-domain opset version. Defaults to 13.
 * @returns The model's bytes, ready for `InferenceSession.create`.
 */
export function onnxModel(
  graph: { nodes: readonly Node[]; inputs: readonly Value[]; outputs: readonly Value[]; initializers?: readonly Initializer[] },
  opset = 13,
): Uint8Array {
  const g = new Writer();
  graph.nodes.forEach((node, index) => {
    const n = new Writer();
    for (const input of node.inputs) n.raw(1, input);
    for (const output of node.outputs) n.raw(2, output);
    n.raw(3, `n${index}`).raw(4, node.op);
    for (const [name, value] of Object.entries(node.attributes ?? {})) n.raw(5, attribute(name, value));
    g.raw(1, n);
  });
  g.raw(2, 'rectify_bench');
  for (const init of graph.initializers ?? []) {
    const t = new Writer();
    for (const d of init.dims) t.int(1, d);
    t.int(2, init.type).raw(8, init.name).raw(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
    g.raw(5, t);
  }
  for (const input of graph.inputs) g.raw(11, valueInfo(input));
  for (const output of graph.outputs) g.raw(12, valueInfo(output));
  return new Writer()
    .int(1, 8)
    .raw(2, 'rectify-bench')
    .raw(7, g)
    .raw(8, new Writer().raw(1, '').int(2, opset))
    .finish();
}
