package dev.lathe.engine.data;

/** How a model wants one example laid out: channels first, channels last, or a flat feature vector. */
public enum Layout { NCHW, NHWC, FLAT }
