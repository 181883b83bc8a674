package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PairingThrottleTest {
    private final MovingClock clock = new MovingClock();
    private final PairingThrottle throttle = new PairingThrottle(clock);

    @Test
    void aFewWrongTokensAreFreeThenEachDoublesTheWait() throws Exception {
        InetAddress guesser = InetAddress.getByName("10.0.0.5");
        for (int i = 1; i < PairingThrottle.FREE_TRIES; i++) {
            assertThat(throttle.wrong(guesser)).isZero();
            assertThat(throttle.waitFor(guesser)).isZero();
        }
        assertThat(throttle.wrong(guesser)).hasSeconds(1);
        clock.advance(Duration.ofMillis(400));
        assertThat(throttle.waitFor(guesser)).hasMillis(600);
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.waitFor(guesser)).isZero();
        assertThat(throttle.wrong(guesser)).hasSeconds(2);
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.wrong(guesser)).hasSeconds(4);
        for (int i = 0; i < 20; i++) {
            clock.advance(throttle.waitFor(guesser));
            throttle.wrong(guesser);
        }
        assertThat(throttle.waitFor(guesser)).isEqualTo(PairingThrottle.LONGEST_WAIT);
    }

    @Test
    void eachClientHasItsOwnCountAndAnIpv6HostIsItsSlash64() throws Exception {
        for (int i = 0; i < PairingThrottle.FREE_TRIES; i++) {
            throttle.wrong(InetAddress.getByName("2001:db8:1:2::" + (i + 1)));
        }
        assertThat(throttle.waitFor(InetAddress.getByName("2001:db8:1:2:ffff::9"))).hasSeconds(1);
        assertThat(throttle.waitFor(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
        assertThat(throttle.waitFor(InetAddress.getByName("10.0.0.6"))).isZero();
        assertThat(PairingThrottle.name(InetAddress.getByName("2001:db8:1:2::1"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(PairingThrottle.name(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void theRightTokenOrAnHourWithoutWrongOnesStartsAfresh() throws Exception {
        InetAddress typist = InetAddress.getByName("192.168.1.7");
        for (int i = 0; i < PairingThrottle.FREE_TRIES; i++) {
            throttle.wrong(typist);
        }
        clock.advance(Duration.ofSeconds(1));
        throttle.paired(typist);
        assertThat(throttle.wrong(typist)).isZero();

        for (int i = 0; i < PairingThrottle.FREE_TRIES; i++) {
            throttle.wrong(typist);
        }
        clock.advance(PairingThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(throttle.wrong(typist)).isZero();
    }

    @Test
    void waitsAreSaidInSecondsOrMinutesRoundedUp() {
        assertThat(PairingThrottle.inWords(Duration.ofMillis(600))).isEqualTo("1 s");
        assertThat(PairingThrottle.inWords(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(PairingThrottle.inWords(Duration.ofSeconds(241))).isEqualTo("5 min");
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T04:51:07Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
