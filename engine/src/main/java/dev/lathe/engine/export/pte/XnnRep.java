package dev.lathe.engine.export.pte;

/**
 * How an ONNX value lives inside an XNNPACK subgraph: its value id, its logical (ONNX) shape, whether its memory is
 * channels-last (a 4-D NCHW value stored NHWC, as XNNPACK's convolutions and pools want it), and its int8
 * quantization (null: fp32).
 */
record XnnRep(int id, long[] shape, boolean nhwc, XnnGraph.PerTensor quant) {
    static final long[] TO_NHWC = {0, 2, 3, 1};
    static final long[] TO_NCHW = {0, 3, 1, 2};

    /** The dimensions as XNNPACK sees them: the shape, permuted to NHWC when stored so. */
    long[] dims() {
        return nhwc ? permute(shape, TO_NHWC) : shape.clone();
    }

    boolean quantized() {
        return quant != null;
    }

    static long[] permute(long[] shape, long[] perm) {
        long[] out = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[(int) perm[i]];
        }
        return out;
    }
}
