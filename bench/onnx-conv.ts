/**
 * A one-node ONNX model (a Conv with its weight as an initializer) written as protobuf bytes, so
 * the bench can run onnxruntime-web on exactly our workloads without Python or model files.
 * Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto).
 */

/** Minimal protobuf writer: varints, length-delimited fields, packed floats. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let v = value;
    while (v > 127) {
      this.bytes.push((v & 127) | 128);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
  int(field: number, value: number): this {
    this.varint(field * 8);
    this.varint(value);
    return this;
  }
  raw(field: number, payload: Uint8Array): this {
    this.varint(field * 8 + 2);
    this.varint(payload.length);
    for (const b of payload) this.bytes.push(b);
    return this;
  }
  string(field: number, text: string): this {
    return this.raw(field, new TextEncoder().encode(text));
  }
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.raw(field, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

export interface OnnxConvSpec {
  inputShape: [number, number, number, number];
  weight: Float32Array;
  weightShape: [number, number, number, number];
  outputShape: [number, number, number, number];
  pads: [number, number, number, number];
  group: number;
}

function valueInfo(w: ProtoWriter, name: string, shape: number[]): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (s) => {
        for (const d of shape) s.message(1, (dim) => dim.int(1, d));
      }),
    ),
  );
}

export function onnxConvModel(spec: OnnxConvSpec): Uint8Array {
  const ints = (w: ProtoWriter, name: string, values: number[]) => {
    w.string(1, name).int(20, ATTRIBUTE_INTS);
    for (const v of values) w.int(8, v);
  };
  return new ProtoWriter()
    .int(1, 7) // ir_version
    .message(8, (opset) => opset.string(1, '').int(2, 13))
    .message(7, (graph) => {
      graph.message(1, (node) => {
        node.string(1, 'X').string(1, 'W').string(2, 'Y').string(3, 'conv').string(4, 'Conv');
        node.message(5, (a) => a.string(1, 'group').int(20, ATTRIBUTE_INT).int(3, spec.group));
        node.message(5, (a) => ints(a, 'pads', spec.pads));
        node.message(5, (a) => ints(a, 'kernel_shape', spec.weightShape.slice(2)));
      });
      graph.string(2, 'conv');
      graph.message(5, (t) => {
        for (const d of spec.weightShape) t.int(1, d);
        t.int(2, FLOAT).string(8, 'W').raw(9, new Uint8Array(spec.weight.buffer, spec.weight.byteOffset, spec.weight.byteLength));
      });
      graph.message(11, (v) => valueInfo(v, 'X', spec.inputShape));
      graph.message(12, (v) => valueInfo(v, 'Y', spec.outputShape));
    })
    .finish();
}
