package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ShapeLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One weight (a TensorProto) as {@link OnnxScan} meets it: its dimensions and how many values each data field
 * holds, counted without reading them. A weight must hold exactly the values its dimensions promise, in raw bytes
 * or in the typed field its element type uses; code that reads weights relies on that.
 */
final class TensorScan {
    private static final int FLOAT_DATA = 4;
    private static final int INT32_DATA = 5;
    private static final int STRING_DATA = 6;
    private static final int INT64_DATA = 7;
    private static final int DOUBLE_DATA = 10;
    private static final int UINT64_DATA = 11;
    private static final int EXTERNAL = 1;

    final List<Long> dims = new ArrayList<>();
    String name = "";
    private int type;
    private long rawBytes = -1;
    private final long[] typedCounts = new long[12];
    private int location;
    private final List<OnnxMl.StringStringEntryProto> external = new ArrayList<>();

    void field(CodedInputStream c, int tag) throws IOException {
        int field = WireFormat.getTagFieldNumber(tag);
        int wire = WireFormat.getTagWireType(tag);
        if (field == 1) {
            readDims(c, wire, tag);
        } else if (field == FLOAT_DATA || field == DOUBLE_DATA) {
            typedCounts[field] += count(c, wire, tag, field == FLOAT_DATA ? 4 : 8);
        } else if (field == INT32_DATA || field == INT64_DATA || field == UINT64_DATA) {
            typedCounts[field] += count(c, wire, tag, 0);
        } else if (field == STRING_DATA) {
            c.skipField(tag);
            typedCounts[field]++;
        } else if (wire == WireFormat.WIRETYPE_VARINT && (field == 2 || field == 14)) {
            int value = c.readInt32();
            type = field == 2 ? value : type;
            location = field == 14 ? value : location;
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == 8) {
            name = c.readString();
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == 9) {
            rawBytes = skipBytes(c);
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == 13) {
            external.add(OnnxMl.StringStringEntryProto.parseFrom(c.readBytes()));
        } else {
            c.skipField(tag);
        }
    }

    void check(OnnxScan scan) throws ModelFormatException {
        String what = "weight '" + name + "'";
        if (dims.size() > ShapeLimits.MAX_RANK) {
            throw scan.refuse(what + " declares " + dims.size() + " dimensions; Lathe reads tensors of up to "
                    + ShapeLimits.MAX_RANK);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0 || d > ShapeLimits.MAX_DIM) {
                throw scan.refuse(what + " declares a size of " + d + " (" + ShapeLimits.times(shape)
                        + "); sizes run from 0 to " + ShapeLimits.count(ShapeLimits.MAX_DIM));
            }
        }
        long n = ShapeLimits.elements(shape);
        if (n > ShapeLimits.MAX_TENSOR_ELEMENTS) {
            throw scan.refuse(what + " declares " + ShapeLimits.times(shape) + " = "
                    + (n == Long.MAX_VALUE ? "more than 2^63" : ShapeLimits.count(n)) + " values; Lathe reads weights of"
                    + " up to " + ShapeLimits.count(ShapeLimits.MAX_TENSOR_ELEMENTS) + " values");
        }
        if (location == EXTERNAL) {
            checkExternal(scan, what);
            return;
        }
        checkData(scan, what, shape, n);
    }

    private void checkExternal(OnnxScan scan, String what) throws ModelFormatException {
        for (OnnxMl.StringStringEntryProto e : external) {
            if ((e.getKey().equals("length") || e.getKey().equals("offset")) && !e.getValue().matches("\\d{1,18}")) {
                throw scan.refuse(what + " gives its external data's " + e.getKey() + " as '" + abbreviate(e.getValue())
                        + "', not a number of bytes; export the model again");
            }
        }
    }

    private void checkData(OnnxScan scan, String what, long[] shape, long n) throws ModelFormatException {
        String declared = ShapeLimits.times(shape) + " " + OnnxTypes.elementType(type).displayName();
        if (rawBytes > 0) {
            long expected = rawBytesFor(type, n);
            if (expected >= 0 && rawBytes != expected) {
                throw scan.refuse(what + " (" + declared + ") holds " + ShapeLimits.count(rawBytes) + " bytes of data where "
                        + ShapeLimits.count(expected) + " belong; the file is damaged: export it again");
            }
            return;
        }
        int field = typedField(type);
        if (field < 0) {
            return;
        }
        long expected = (type == 14 || type == 15) ? 2 * n : n;
        if (typedCounts[field] != expected) {
            throw scan.refuse(what + " (" + declared + ") holds " + ShapeLimits.count(typedCounts[field]) + " of its "
                    + ShapeLimits.count(expected) + " values; the file is damaged: export it again");
        }
    }

    /** Bytes of raw data {@code n} values of ONNX type {@code type} take, or -1 for types not stored raw. */
    static long rawBytesFor(int type, long n) {
        return switch (type) {
            case 2, 3, 9, 17, 18, 19, 20 -> n;
            case 4, 5, 10, 16 -> 2 * n;
            case 1, 6, 12 -> 4 * n;
            case 7, 11, 13, 14 -> 8 * n;
            case 15 -> 16 * n;
            case 21, 22, 23 -> (n + 1) / 2;
            default -> -1;
        };
    }

    /** The typed field values of this type go in when not raw, or -1 for types Lathe does not check. */
    private static int typedField(int type) {
        return switch (type) {
            case 1, 14 -> FLOAT_DATA;
            case 2, 3, 4, 5, 6, 9, 10, 16, 17, 18, 19, 20 -> INT32_DATA;
            case 7 -> INT64_DATA;
            case 8 -> STRING_DATA;
            case 11, 15 -> DOUBLE_DATA;
            case 12, 13 -> UINT64_DATA;
            default -> -1;
        };
    }

    private void readDims(CodedInputStream c, int wire, int tag) throws IOException {
        if (wire == WireFormat.WIRETYPE_VARINT) {
            dims.add(c.readInt64());
        } else if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int old = c.pushLimit(length(c));
            while (c.getBytesUntilLimit() > 0) {
                dims.add(c.readInt64());
                if (dims.size() > ShapeLimits.MAX_RANK) {
                    c.skipRawBytes(c.getBytesUntilLimit());
                }
            }
            c.popLimit(old);
        } else {
            c.skipField(tag);
        }
    }

    /** Values in one occurrence of a repeated numeric field, packed or not; {@code width} 0 for varints. */
    private static long count(CodedInputStream c, int wire, int tag, int width) throws IOException {
        if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            c.skipField(tag);
            return 1;
        }
        int length = length(c);
        if (width > 0) {
            c.skipRawBytes(length);
            return length / width;
        }
        int old = c.pushLimit(length);
        long n = 0;
        while (c.getBytesUntilLimit() > 0) {
            c.readRawVarint64();
            n++;
        }
        c.popLimit(old);
        return n;
    }

    /** A length prefix, checked against the bytes left in the message that holds it. */
    static int length(CodedInputStream c) throws IOException {
        int length = c.readRawVarint32();
        int left = c.getBytesUntilLimit();
        if (length < 0 || left >= 0 && length > left) {
            throw new com.google.protobuf.InvalidProtocolBufferException("a field is longer than the message holding "
                    + "it: the file is truncated or no protobuf");
        }
        return length;
    }

    private static long skipBytes(CodedInputStream c) throws IOException {
        int length = length(c);
        c.skipRawBytes(length);
        return length;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
