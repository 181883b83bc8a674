package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksControlsAndReorderingMarksBecomeVisibleEscapes() {
        assertThat(LogText.of("a\nb\rc\td\\e")).isEqualTo("a\\nb\\rc\\td\\\\e");
        assertThat(LogText.of("x\u0000y\u001b[31mz\u0085\u2028\u2029\u202e")).isEqualTo(
                "x\\u0000y\\u001B[31mz\\u0085\\u2028\\u2029\\u202E");
        assertThat(LogText.of("Pixel 8 – Lab 🛠")).isEqualTo("Pixel 8 – Lab 🛠");
        assertThat(LogText.of(null)).isEqualTo("(none)");
    }

    @Test
    void longTextIsCutSayingHowLongItWas() {
        assertThat(LogText.of("a".repeat(1000))).isEqualTo("a".repeat(LogText.MAX_CHARS) + "… (1000 characters)");
    }

    @Test
    void anyLogTextIsKeptOnOneLineWithoutTouchingTheRest() {
        assertThat(LogText.oneLine("one\ntwo\r\nthree\u2028four\tfive \\n")).isEqualTo(
                "one\\ntwo\\r\\nthree\\u2028four\tfive \\n");
        assertThat(LogText.oneLine(null)).isNull();
    }
}
