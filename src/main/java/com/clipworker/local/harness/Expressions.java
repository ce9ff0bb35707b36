package com.clipworker.local.harness;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The small subset of Inngest's CEL expressions the harness evaluates: clauses
 * {@code a == b} or {@code a != b} joined by {@code &&}, where each side is a path under
 * {@code event} or {@code async}, a quoted string, a number, {@code true}, {@code false}
 * or {@code null}. Anything else is refused rather than guessed.
 */
final class Expressions {

	private Expressions() {
	}

	/**
	 * Evaluates an expression.
	 * @param expression the expression, or {@code null} (true)
	 * @param event the {@code event} object
	 * @param async the {@code async} object, or {@code null}
	 * @throws IllegalArgumentException for expressions outside the subset
	 */
	static boolean matches(@Nullable String expression, JsonNode event, @Nullable JsonNode async) {
		if (expression == null || expression.isBlank()) {
			return true;
		}
		for (String clause : expression.split("&&")) {
			String text = clause.trim();
			boolean negate;
			String[] sides;
			if (text.contains("!=")) {
				negate = true;
				sides = text.split("!=", 2);
			}
			else if (text.contains("==")) {
				negate = false;
				sides = text.split("==", 2);
			}
			else {
				throw new IllegalArgumentException("Unsupported expression: " + expression);
			}
			JsonNode left = operand(sides[0].trim(), event, async, expression);
			JsonNode right = operand(sides[1].trim(), event, async, expression);
			boolean equal = equal(left, right);
			if (equal == negate) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The value of a key expression (a path under {@code event}, as concurrency keys
	 * use).
	 * @throws IllegalArgumentException for anything but such a path
	 */
	static JsonNode value(String expression, JsonNode event) {
		return operand(expression.trim(), event, null, expression);
	}

	private static boolean equal(JsonNode left, JsonNode right) {
		if (left.isMissingNode() || right.isMissingNode()) {
			return false;
		}
		if (left.isNumber() && right.isNumber()) {
			return left.decimalValue().compareTo(right.decimalValue()) == 0;
		}
		return left.equals(right);
	}

	private static JsonNode operand(String text, JsonNode event, @Nullable JsonNode async, String expression) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if ((text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))
				&& text.length() >= 2) {
			return nodes.stringNode(text.substring(1, text.length() - 1));
		}
		switch (text) {
			case "true":
				return nodes.booleanNode(true);
			case "false":
				return nodes.booleanNode(false);
			case "null":
				return nodes.nullNode();
			default:
				break;
		}
		if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
			return nodes.numberNode(new java.math.BigDecimal(text));
		}
		List<String> path = new ArrayList<>(List.of(text.split("\\.")));
		String root = path.remove(0);
		JsonNode node = switch (root) {
			case "event" -> event;
			case "async" -> (async != null) ? async : nodes.missingNode();
			default -> throw new IllegalArgumentException("Unsupported expression: " + expression);
		};
		for (String part : path) {
			if (!part.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException("Unsupported expression: " + expression);
			}
			node = node.path(part);
		}
		return node;
	}

}
