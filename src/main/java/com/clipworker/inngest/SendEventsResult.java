package com.clipworker.inngest;

import java.util.List;

/**
 * What sending events returned: the ids Inngest gave them, in order.
 *
 * @param ids the internal event ids
 */
public record SendEventsResult(List<String> ids) {

}
