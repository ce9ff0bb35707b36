package com.clipworker.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Validates a payload record field by field from its {@link Field} annotations. */
final class EventValidation {

	private EventValidation() {
	}

	static void validate(Event event) {
		for (RecordComponent component : event.getClass().getRecordComponents()) {
			Field field = component.getAnnotation(Field.class);
			if (field == null) {
				throw new IllegalStateException(component + " lacks @Field");
			}
			Object value = value(event, component);
			if (value == null) {
				if (!field.optional()) {
					throw new InvalidEventException(event.eventName(), component.getName(), "is missing");
				}
				continue;
			}
			field.kind().problem(value).ifPresent((problem) -> {
				throw new InvalidEventException(event.eventName(), component.getName(), problem);
			});
		}
	}

	private static Object value(Event event, RecordComponent component) {
		try {
			return component.getAccessor().invoke(event);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + component, ex);
		}
	}

}
