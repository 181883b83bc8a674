package dev.lathe.engine.device;

import dev.lathe.engine.task.LatheException;

/** A device could not do what was asked, or vanished while doing it. */
public class DeviceException extends LatheException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
