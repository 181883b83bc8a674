package dev.lathe.engine.model;

import java.util.Locale;

/** Element types of model inputs and outputs, named as ONNX names them. */
public enum ElementType {
    FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, BOOL, STRING, OTHER;

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }
}
