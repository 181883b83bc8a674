package dev.lathe.engine.export.pte;

/**
 * Turns one ONNX node into kernel calls. A delegate (XNNPACK) would claim runs of nodes before these lowerings see
 * them and emit one delegate call for each run; everything it leaves comes here, onto portable kernels.
 */
@FunctionalInterface
interface NodeLowering {
    void lower(LoweringContext ctx) throws PteExportException;
}
