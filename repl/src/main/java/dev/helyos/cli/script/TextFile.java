package dev.helyos.cli.script;

import dev.helyos.cli.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a UTF-8 text file, or says plainly why it is not one. */
final class TextFile {
    private TextFile() {
    }

    static String read(Path path) {
        if (Files.isDirectory(path)) {
            throw new CliException(path + " is a directory, not a file", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + path, null);
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + e.getMessage(), null);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new CliException(path + " is a binary file (NUL byte at offset " + i + "), not UTF-8 text", null);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new CliException(path + " is not UTF-8 text (invalid byte at offset " + in.position() + ")",
                    "save it as UTF-8");
        }
    }
}
