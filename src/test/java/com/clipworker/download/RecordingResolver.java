package com.clipworker.download;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolver that answers from a script and records every question. Names without a
 * script resolve to a public address, so a guard that forgot to refuse a name would go on
 * to dial (and the recording dialer would see it).
 */
final class RecordingResolver implements HostResolver {

	static final InetAddress PUBLIC = address("93.184.215.14");

	private final Map<String, List<List<InetAddress>>> answers = new HashMap<>();

	private final List<String> queries = Collections.synchronizedList(new ArrayList<>());

	/** Answers the n-th question about the host with the n-th list (the last repeats). */
	RecordingResolver answer(String host, List<InetAddress> first, List<InetAddress>... later) {
		List<List<InetAddress>> sequence = new ArrayList<>();
		sequence.add(first);
		sequence.addAll(List.of(later));
		this.answers.put(host, sequence);
		return this;
	}

	@Override
	public List<InetAddress> resolve(String host) throws UnknownHostException {
		int asked = (int) this.queries.stream().filter(host::equals).count();
		this.queries.add(host);
		List<List<InetAddress>> sequence = this.answers.get(host);
		if (sequence == null) {
			return List.of(PUBLIC);
		}
		return sequence.get(Math.min(asked, sequence.size() - 1));
	}

	List<String> queries() {
		return List.copyOf(this.queries);
	}

	static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
