package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.ShapeLimits;
import dev.lathe.engine.model.TensorInfo;
import java.util.ArrayList;
import java.util.List;

/** Translations between ONNX protobuf types and Lathe's own. */
final class OnnxTypes {
    private OnnxTypes() {
    }

    static ElementType elementType(int onnxType) {
        return switch (onnxType) {
            case 1 -> ElementType.FLOAT;
            case 2 -> ElementType.UINT8;
            case 3 -> ElementType.INT8;
            case 4 -> ElementType.UINT16;
            case 5 -> ElementType.INT16;
            case 6 -> ElementType.INT32;
            case 7 -> ElementType.INT64;
            case 8 -> ElementType.STRING;
            case 9 -> ElementType.BOOL;
            case 10 -> ElementType.FLOAT16;
            case 11 -> ElementType.DOUBLE;
            case 12 -> ElementType.UINT32;
            case 13 -> ElementType.UINT64;
            case 16 -> ElementType.BFLOAT16;
            default -> ElementType.OTHER;
        };
    }

    /** Bytes per element; 0 for strings and unknown types, whose size cannot be known from the type alone. */
    static int elementBytes(int onnxType) {
        return switch (onnxType) {
            case 2, 3, 9 -> 1;
            case 4, 5, 10, 16 -> 2;
            case 1, 6, 12 -> 4;
            case 7, 11, 13 -> 8;
            default -> 0;
        };
    }

    static TensorInfo tensorInfo(OnnxMl.ValueInfoProto value) {
        OnnxMl.TypeProto type = value.getType();
        if (!type.hasTensorType()) {
            return new TensorInfo(value.getName(), ElementType.OTHER, List.of());
        }
        OnnxMl.TypeProto.Tensor tensor = type.getTensorType();
        List<Dim> dims = new ArrayList<>();
        if (tensor.hasShape()) {
            for (OnnxMl.TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
                if (d.hasDimValue()) {
                    dims.add(Dim.fixed(d.getDimValue()));
                } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                    dims.add(Dim.symbolic(d.getDimParam()));
                } else {
                    dims.add(Dim.UNKNOWN);
                }
            }
        }
        return new TensorInfo(value.getName(), elementType(tensor.getElemType()), dims);
    }

    /** Values a weight declares; {@link OnnxScan} has checked the count is within bounds. */
    static long elementCount(OnnxMl.TensorProto tensor) {
        return ShapeLimits.elements(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }

    /** Stored bytes of a tensor, inline or external. */
    static long storedBytes(OnnxMl.TensorProto tensor) {
        if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            for (OnnxMl.StringStringEntryProto e : tensor.getExternalDataList()) {
                if (e.getKey().equals("length") && e.getValue().matches("\\d{1,18}")) {
                    return Long.parseLong(e.getValue());
                }
            }
        }
        int size = elementBytes(tensor.getDataType());
        if (!tensor.getRawData().isEmpty()) {
            return tensor.getRawData().size();
        }
        if (size == 0) {
            return tensor.getStringDataList().stream().mapToLong(s -> s.size()).sum();
        }
        return elementCount(tensor) * size;
    }
}
