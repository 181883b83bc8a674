package dev.lathe.views.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.ModelFormatException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UserMessagesTest {

    @Test
    void anEngineProblemIsShownInTheEnginesOwnWords() {
        var e = new ModelFormatException(Path.of("/x/bad.onnx"), "is empty (0 bytes)", new RuntimeException("inner"));
        assertThat(UserMessages.describe(e)).isEqualTo("bad.onnx: is empty (0 bytes)");
    }

    @Test
    void anythingElseIsGenericAndPointsToTheLog() {
        assertThat(UserMessages.describe(new IllegalStateException("boom")))
                .isEqualTo("Something went wrong: boom. Details are in the log.");
        assertThat(UserMessages.describe(new NullPointerException()))
                .isEqualTo("Something went wrong: NullPointerException. Details are in the log.");
    }
}
