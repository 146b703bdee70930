package dev.helyos.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The box table of the product page:
 * <pre>
 * Routes 1 total
 * ┌──────────────────┬─────────┐
 * │ Domain           │ Project │
 * ├──────────────────┼─────────┤
 * │ api.example.com  │ shop    │
 * └──────────────────┴─────────┘
 * </pre>
 * Columns are as wide as their widest cell plus one space of padding on each side.
 */
public final class Table {
    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(title).append(' ').append(rows.size()).append(" total\n");
        out.append(line('┌', '┬', '┐', widths));
        out.append(cells(headers, widths));
        out.append(line('├', '┼', '┤', widths));
        for (List<String> row : rows) {
            out.append(cells(row, widths));
        }
        out.append(line('└', '┴', '┘', widths));
        return out.toString();
    }

    private static String line(char left, char middle, char right, int[] widths) {
        StringBuilder out = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            out.append("─".repeat(widths[i] + 2)).append(i == widths.length - 1 ? right : middle);
        }
        return out.append('\n').toString();
    }

    private static String cells(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder().append('│');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            out.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length() + 1)).append('│');
        }
        return out.append('\n').toString();
    }
}
