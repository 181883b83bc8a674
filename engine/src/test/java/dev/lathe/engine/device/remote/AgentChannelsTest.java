package dev.lathe.engine.device.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentChannelsTest {

    @Test
    void anAgentThatDoesNotAnswerIsOnePlainSentenceSayingWhatToDoWithoutTheTransportsWords() {
        var refused = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();

        var said = AgentChannels.translate(refused, "192.168.1.20:7443", new PinnedTrustManager(Optional.empty()));

        assertThat(said.getMessage()).isEqualTo("Nothing answered at 192.168.1.20:7443. Start the Lathe agent on the "
                + "board (native/agent/lathe-agent), then check that this is the address and port it printed.");
        assertThat(said.getCause()).as("kept for the log").isSameAs(refused);
    }
}
