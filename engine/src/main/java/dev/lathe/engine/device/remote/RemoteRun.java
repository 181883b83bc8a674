package dev.lathe.engine.device.remote;

import dev.lathe.engine.device.proto.BenchmarkSummary;

/** A finished benchmark on an agent: the agent's summary and every latency it streamed, in order. */
public record RemoteRun(BenchmarkSummary summary, long[] samplesNanos) {
}
