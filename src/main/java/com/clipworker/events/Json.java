package com.clipworker.events;

import java.util.List;
import java.util.Map;

/**
 * A small, deterministic JSON writer for the exported schema: maps keep their insertion
 * order, two-space indentation, {@code \n} line ends, whatever the platform.
 */
final class Json {

	private Json() {
	}

	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value, 0);
		return out.append('\n').toString();
	}

	private static void write(StringBuilder out, Object value, int depth) {
		if (value instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				out.append("{}");
				return;
			}
			out.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				indent(out, depth + 1);
				string(out, entry.getKey().toString());
				out.append(": ");
				write(out, entry.getValue(), depth + 1);
				out.append((++i < map.size()) ? ",\n" : "\n");
			}
			indent(out, depth);
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			if (list.isEmpty()) {
				out.append("[]");
				return;
			}
			out.append("[\n");
			for (int i = 0; i < list.size(); i++) {
				indent(out, depth + 1);
				write(out, list.get(i), depth + 1);
				out.append((i + 1 < list.size()) ? ",\n" : "\n");
			}
			indent(out, depth);
			out.append(']');
		}
		else if (value instanceof String text) {
			string(out, text);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			throw new IllegalArgumentException("Not a JSON value: " + value.getClass());
		}
	}

	private static void indent(StringBuilder out, int depth) {
		out.append("  ".repeat(depth));
	}

	static void string(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
