package dev.lathe.engine.export.torchscript;

/**
 * The tensor element types an exported archive holds: the storage class its pickle names, the element width and
 * the number TorchScript source uses for the dtype (c10's ScalarType).
 */
enum ScalarType {
    FLOAT("FloatStorage", 4, 6), BFLOAT16("BFloat16Storage", 2, 15);

    private final String storage;
    private final int bytes;
    private final int code;

    ScalarType(String storage, int bytes, int code) {
        this.storage = storage;
        this.bytes = bytes;
        this.code = code;
    }

    String storage() {
        return storage;
    }

    int bytes() {
        return bytes;
    }

    /** As {@code torch.to(x, <code>, ...)} takes it. */
    int code() {
        return code;
    }
}
