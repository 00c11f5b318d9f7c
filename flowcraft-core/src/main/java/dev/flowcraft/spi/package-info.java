/**
 * The service-provider interfaces the step engine runs on: run state, coordination, job queue, timers and
 * blueprints. Each has an in-memory implementation in {@code dev.flowcraft.memory} and a contract test in
 * the core test-jar that every implementation must pass.
 */
package dev.flowcraft.spi;
