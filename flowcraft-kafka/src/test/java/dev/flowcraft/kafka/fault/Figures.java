package dev.flowcraft.kafka.fault;

/**
 * What one scenario observed. The state invariants ({@code lost} to {@code wrongNodes}) must be zero;
 * {@code reExecutedBodies} counts node bodies run more often than a fault-free run needs, which at-least-once
 * execution allows when a worker dies or freezes mid-node.
 *
 * @param unjournaledFinals runs whose final-status event was not seen (a worker killed between the status
 *                          change and the event): informational, the status itself is checked
 */
record Figures(String scenario, int runs, long faults, int lost, int duplicatedFinals, int duplicatedRecords,
    int changedFinals, int wrongContexts, int wrongNodes, int untakenRan, long reExecutedBodies, int unjournaledFinals,
    long seconds) {

  static String header() {
    return "| scenario | runs | faults injected | lost | duplicated final statuses | duplicated node records"
        + " | final status changed | wrong contexts | wrong node records | untaken branch ran | re-executed bodies"
        + " | seconds |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  String row() {
    return "| " + scenario + " | " + runs + " | " + faults + " | " + lost + " | " + duplicatedFinals + " | "
        + duplicatedRecords + " | " + changedFinals + " | " + wrongContexts + " | " + wrongNodes + " | " + untakenRan
        + " | " + reExecutedBodies + " | " + seconds + " |";
  }

  boolean stateHolds() {
    return lost == 0 && duplicatedFinals == 0 && duplicatedRecords == 0 && changedFinals == 0 && wrongContexts == 0
        && wrongNodes == 0 && untakenRan == 0;
  }
}
