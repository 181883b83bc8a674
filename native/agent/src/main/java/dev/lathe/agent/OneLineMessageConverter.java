package dev.lathe.agent;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log's {@code %msg}, kept on one line whatever it holds: a backstop behind {@link LogText#of}, so that no text a
 * client or a model supplied, quoted by any library, can start a forged line in the agent's log.
 */
public final class OneLineMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.oneLine(super.convert(event));
    }
}
