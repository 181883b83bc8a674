package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.remote.Pairing;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing the pairing token, against a real agent over loopback (issue 12: 424 tries a second went through). */
class AgentPairingThrottleTest {
    private static final String WRONG = "AAAA-BBBB-CCCC";
    @TempDir
    static Path data;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void afterAFewWrongTokensTheAgentMakesTheClientWaitLongerEachTimeThenTheRightTokenPairs() throws Exception {
        for (int i = 1; i < PairingThrottle.FREE_TRIES; i++) {
            assertRefused(WRONG, "wrong pairing token: type the token the agent printed at start");
        }
        assertRefused(WRONG, "after 5 wrong tokens the agent waits before it looks at another: try again in 1 s");
        long refusedAt = System.nanoTime();
        assertRefused(agent.token, "too many wrong tokens from 127.0.0.1; try again in 1 s");

        sleepUntil(refusedAt, 1_100);
        assertRefused(WRONG, "try again in 2 s");
        long secondAt = System.nanoTime();
        assertRefused(WRONG, "too many wrong tokens from 127.0.0.1; try again in 2 s");

        sleepUntil(secondAt, 2_100);
        assertThat(Pairing.pair("127.0.0.1", agent.port, agent.token, "patient workbench").clientSecret()).isNotBlank();
        assertThat(assertRefused(WRONG, "wrong pairing token")).doesNotContain("try again");
    }

    private static String assertRefused(String token, String message) {
        DeviceException refused = catchThrowableOfType(DeviceException.class,
                () -> Pairing.pair("127.0.0.1", agent.port, token, "guesser"));
        assertThat(refused).hasMessageContaining(message);
        return refused.getMessage();
    }

    private static void sleepUntil(long since, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - since) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
