package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Optional;

/**
 * A tensor whose bytes an ONNX model keeps in another file, as the model names it: the file's location (relative to
 * the model's folder, if the model plays by the rules), and where in it the bytes are. Nothing here is checked yet;
 * {@link ExternalData} does that.
 */
public record ExternalReference(String tensor, String location, Optional<String> offset, Optional<String> length) {

    /** Whether ONNX Runtime reads this tensor from another file: only a data location of EXTERNAL makes it. */
    static boolean isExternal(TensorProto tensor) {
        return tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    static ExternalReference of(TensorProto tensor) {
        return of(tensor.getName(), tensor.getExternalDataList());
    }

    /** Later entries win, as in ONNX Runtime, which assigns each key it reads in turn. */
    static ExternalReference of(String tensor, List<StringStringEntryProto> entries) {
        String location = "";
        Optional<String> offset = Optional.empty();
        Optional<String> length = Optional.empty();
        for (StringStringEntryProto e : entries) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Optional.of(e.getValue());
                case "length" -> length = Optional.of(e.getValue());
                default -> { }
            }
        }
        return new ExternalReference(tensor, location, offset, length);
    }
}
