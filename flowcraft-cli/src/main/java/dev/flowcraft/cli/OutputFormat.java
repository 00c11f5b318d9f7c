package dev.flowcraft.cli;

/** {@code --output}: lowercase constants so picocli accepts {@code text}/{@code json} as typed. */
enum OutputFormat {
  text,
  json
}
