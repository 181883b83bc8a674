package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every tensor of a model that keeps its bytes in another file, wherever a tensor can sit (initializers, sparse
 * initializers, Constant nodes and other tensor attributes, subgraphs, functions, training graphs): every TensorProto
 * the schema can reach, found through the schema itself, so a place added to ONNX is covered when the schema is.
 * From a file it reads only the model's structure and skips weight bytes without reading them, so checking a
 * large model before a runtime loads it costs little time and no memory.
 */
final class ExternalDataScan {
    /** As deep as protobuf itself parses. */
    private static final int MAX_DEPTH = 100;
    private static final Descriptor TENSOR = TensorProto.getDescriptor();

    private ExternalDataScan() {
    }

    static List<ExternalReference> of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            List<ExternalReference> out = new ArrayList<>();
            message(coded, ModelProto.getDescriptor(), out, 0);
            return out;
        }
    }

    static List<ExternalReference> of(Message model) {
        List<ExternalReference> out = new ArrayList<>();
        walk(model, out);
        return out;
    }

    private static void walk(Message message, List<ExternalReference> out) {
        if (message instanceof TensorProto tensor) {
            if (ExternalReference.isExternal(tensor)) {
                out.add(ExternalReference.of(tensor));
            }
            return;
        }
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                    walk((Message) message.getRepeatedField(field, i), out);
                }
            } else if (message.hasField(field)) {
                walk((Message) message.getField(field), out);
            }
        }
    }

    private static void message(CodedInputStream in, Descriptor type, List<ExternalReference> out, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidProtocolBufferException("messages nested more than " + MAX_DEPTH + " deep");
        }
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (field == null || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (!in.skipField(tag)) {
                    return;
                }
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            if (field.getMessageType().equals(TENSOR)) {
                tensor(in, out);
            } else {
                message(in, field.getMessageType(), out, depth + 1);
            }
            in.skipRawBytes(in.getBytesUntilLimit());
            in.popLimit(limit);
        }
    }

    /** Reads a tensor's name, data location and external-data entries; skips its values. */
    private static void tensor(CodedInputStream in, List<ExternalReference> out) throws IOException {
        String name = "";
        boolean external = false;
        List<StringStringEntryProto> entries = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int number = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            if (number == TensorProto.NAME_FIELD_NUMBER && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                name = in.readString();
            } else if (number == TensorProto.DATA_LOCATION_FIELD_NUMBER && wire == WireFormat.WIRETYPE_VARINT) {
                external = in.readEnum() == TensorProto.DataLocation.EXTERNAL_VALUE;
            } else if (number == TensorProto.EXTERNAL_DATA_FIELD_NUMBER
                    && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                entries.add(in.readMessage(StringStringEntryProto.parser(), ExtensionRegistryLite.getEmptyRegistry()));
            } else if (!in.skipField(tag)) {
                return;
            }
        }
        if (external) {
            out.add(ExternalReference.of(name, entries));
        }
    }
}
