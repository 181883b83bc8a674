package dev.lathe.engine.export.pte;

/** The element types a Lathe program uses, with ExecuTorch's codes for them ({@code scalar_type.fbs}). */
public enum ScalarType {
    BYTE(0, 1), CHAR(1, 1), INT(3, 4), LONG(4, 8), HALF(5, 2), FLOAT(6, 4), DOUBLE(7, 8), BOOL(11, 1);

    private final int code;
    private final int bytes;

    ScalarType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    public int bytes() {
        return bytes;
    }

    /** A floating-point type a kernel computes in (float32 or float16). */
    public boolean isFloating() {
        return this == FLOAT || this == HALF;
    }
}
