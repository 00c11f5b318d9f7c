package dev.flowcraft.stack;

/** A child JVM for {@link FaultToleranceIT}: prints its environment setting, then sleeps until killed. */
public final class SleeperMain {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeper started with " + String.join(",", args)
                + " bootstrap=" + System.getenv("FLOWCRAFT_KAFKA_BOOTSTRAP"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
