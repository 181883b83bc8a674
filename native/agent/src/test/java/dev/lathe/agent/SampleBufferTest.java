package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleBufferTest {
    @Test
    void holdsRoomForWhatIsMeasuredNotForWhatIsAsked() {
        SampleBuffer buffer = new SampleBuffer(Integer.MAX_VALUE);
        for (int i = 0; i < 10_000; i++) {
            buffer.add(i);
        }
        assertThat(buffer.count()).isEqualTo(10_000);
        assertThat(buffer.range(9_998, 10_000)).containsExactly(9_998, 9_999);
    }
}
