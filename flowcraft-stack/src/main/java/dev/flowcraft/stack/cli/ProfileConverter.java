package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.StackProfile;
import picocli.CommandLine;

/** {@code --profile test|throughput}, case-insensitive, whatever the CommandLine's enum settings. */
final class ProfileConverter implements CommandLine.ITypeConverter<StackProfile> {
    @Override
    public StackProfile convert(String value) {
        try {
            return StackProfile.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
