package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's external data into the model itself, through files {@link ExternalData} checked: a model that
 * recipes rewrite is written elsewhere (a variant's folder), where a location relative to the original would name
 * nothing, or something else; and ONNX Runtime, given a model as bytes, would look for its data in the working
 * directory.
 */
final class ExternalDataInliner {
    private final String name;
    private final Map<String, Path> files = new HashMap<>();
    private long budget;

    private ExternalDataInliner(String name, List<ExternalFile> checked, long budget) {
        this.name = name;
        checked.forEach(f -> files.put(f.location(), f.file()));
        this.budget = budget;
    }

    static ModelProto inline(ModelProto model, String name, List<ExternalFile> checked) throws ModelFormatException {
        long budget = Integer.MAX_VALUE - (long) model.getSerializedSize();
        return (ModelProto) new ExternalDataInliner(name, checked, budget).rebuild(model);
    }

    private Message rebuild(Message message) throws ModelFormatException {
        if (message instanceof TensorProto tensor) {
            return ExternalReference.isExternal(tensor) ? inlined(tensor) : tensor;
        }
        Message.Builder changed = null;
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                    Message child = (Message) message.getRepeatedField(field, i);
                    Message rebuilt = rebuild(child);
                    if (rebuilt != child) {
                        changed = changed == null ? message.toBuilder() : changed;
                        changed.setRepeatedField(field, i, rebuilt);
                    }
                }
            } else if (message.hasField(field)) {
                Message child = (Message) message.getField(field);
                Message rebuilt = rebuild(child);
                if (rebuilt != child) {
                    changed = changed == null ? message.toBuilder() : changed;
                    changed.setField(field, rebuilt);
                }
            }
        }
        return changed == null ? message : changed.build();
    }

    private TensorProto inlined(TensorProto tensor) throws ModelFormatException {
        ExternalReference r = ExternalReference.of(tensor);
        String what = "its external data '" + ExternalData.shown(tensor.getName()) + "'";
        Path file = ExternalData.relative(r.location()).map(files::get).orElseThrow(() ->
                new ModelFormatException(name, what + " was not checked; open the model again"));
        long offset = Long.parseLong(r.offset().orElse("0").strip());
        long length;
        if (r.length().isPresent()) {
            length = Long.parseLong(r.length().get().strip());
        } else if (OnnxTypes.elementBytes(tensor.getDataType()) > 0) {
            length = OnnxTypes.elementCount(tensor) * OnnxTypes.elementBytes(tensor.getDataType());
        } else {
            throw new ModelFormatException(name, what + " gives no length and its type has no fixed size; export "
                    + "the model again with the tensor inside it");
        }
        budget -= length;
        if (length < 0 || budget < 0) {
            throw new ModelFormatException(name, "its external data is larger than one .onnx file can hold (2 GB); "
                    + "recipes need the weights inside the model");
        }
        return tensor.toBuilder().clearExternalData().clearDataLocation().setRawData(read(file, offset, length, what))
                .build();
    }

    private ByteString read(Path file, long offset, long length, String what) throws ModelFormatException {
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        try (FileChannel in = FileChannel.open(file)) {
            while (bytes.hasRemaining()) {
                if (in.read(bytes, offset + bytes.position()) < 0) {
                    throw new ModelFormatException(name, what + " ends before its " + length + " bytes; the data "
                            + "file is truncated or belongs to another model");
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException(name, what + " cannot be read (" + e.getMessage() + ")", e);
        }
        return UnsafeByteOperations.unsafeWrap(bytes.array());
    }
}
