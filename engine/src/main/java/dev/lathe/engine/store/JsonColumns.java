package dev.lathe.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lathe.engine.files.Json;

/** Values kept as JSON in a column; a value that does not write or read fails as the store's own error. */
final class JsonColumns {
    private JsonColumns() {
    }

    static String write(Object value) throws StoreException {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("Cannot record " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type) throws StoreException {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("A stored " + type.getSimpleName() + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
