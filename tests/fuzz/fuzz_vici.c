/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/*
 * libFuzzer target: a VICI segment body as a client sends it, through the
 * server's packet and message decoding and the dispatch to vpndiag's
 * commands over a store with records (list, also batched, counters, reset,
 * codes, explain), streamed replies drained (events encoded ahead too),
 * every reply re-parsed. Build and run:
 * testing/fuzz.
 */

#include "vpndiag_vici_msg.h"
#include "vpndiag_vici_socket.h"
#include "vpndiag_vici_cmds.h"
#include "vpndiag_store.h"

#include <library.h>

#include <stdlib.h>
#include <string.h>

/** commands registered by vpndiag_vici_cmds_register() */
static struct {
	const char *name;
	vpndiag_vici_cmd_t cb;
	void *data;
} cmds[16];
static int ncmds;
static vpndiag_store_t *store;

static void add_command(vpndiag_vici_socket_t *this, const char *name,
						vpndiag_vici_cmd_t cb, void *data)
{
	cmds[ncmds].name = name;
	cmds[ncmds].cb = cb;
	cmds[ncmds].data = data;
	ncmds++;
}

static void add_event(vpndiag_vici_socket_t *this, const char *name)
{
}

/** the socket as the commands see it: registration only */
static vpndiag_vici_socket_t fake = {
	.add_command = add_command,
	.add_event = add_event,
};

/**
 * A reply must be a well-formed message again
 */
static void check_reply(vpndiag_vici_builder_t *b)
{
	vpndiag_vici_node_t *tree;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	const char *err;
	size_t len, msg_len;
	uint8_t *data;
	char name[256];

	data = vpndiag_vici_finish(b, &len);
	if (!data)
	{
		return;
	}
	if (!vpndiag_vici_packet(data + 4, len - 4, &op, name, &msg, &msg_len))
	{
		abort();
	}
	tree = vpndiag_vici_parse(msg, msg_len, &err);
	if (!tree)
	{
		abort();
	}
	vpndiag_vici_free(tree);
	free(data);
}

/**
 * Events encoded ahead (take()): whole segments of the stream's event, each
 * within the limit and a well-formed message
 */
static void check_block(vpndiag_vici_stream_t *stream, uint8_t *data,
						size_t len)
{
	vpndiag_vici_node_t *tree;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	const char *err;
	size_t pos = 0, seg, msg_len;
	char name[256];

	while (pos < len)
	{
		if (len - pos < 4)
		{
			abort();
		}
		seg = ((size_t)data[pos] << 24) | (data[pos + 1] << 16) |
			  (data[pos + 2] << 8) | data[pos + 3];
		if (seg > VPNDIAG_VICI_MAX_SEGMENT || seg > len - pos - 4 ||
			!vpndiag_vici_packet(data + pos + 4, seg, &op, name, &msg,
								 &msg_len) ||
			op != VPNDIAG_VICI_EVENT || strcmp(name, stream->event))
		{
			abort();
		}
		tree = vpndiag_vici_parse(msg, msg_len, &err);
		if (!tree)
		{
			abort();
		}
		vpndiag_vici_free(tree);
		pos += 4 + seg;
	}
	free(data);
}

static void init(void)
{
	vpndiag_caps_t caps = { 50, 10, 10, 10 };
	vpndiag_record_t *r, *copy;
	bool is_new;
	int i;

	library_init(NULL, "vpndiag-fuzz");
	store = vpndiag_store_create(&caps);
	for (i = 0; i < 20; i++)
	{
		r = vpndiag_record_create(1 + i % 40);
		vpndiag_record_setf(&r->conn, "c%d", i % 3);
		vpndiag_record_set(&r->remote, "192.0.2.1[500]");
		vpndiag_record_set(&r->remote_id, "id\nwith\x01" "ctl");
		copy = store->add(store, r, &is_new);
		vpndiag_record_destroy(copy);
	}
	vpndiag_vici_cmds_register(&fake, store);
}

static void quiet(debug_t group, level_t level, char *fmt, ...)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialized;
	vpndiag_vici_builder_t b;
	vpndiag_vici_stream_t *stream;
	vpndiag_vici_node_t *tree;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	const char *err;
	size_t msg_len, block_len;
	uint8_t *block;
	char name[256];
	int i, steps;

	if (!initialized)
	{
		init();
		dbg = quiet;
		initialized = true;
	}
	if (size > VPNDIAG_VICI_MAX_SEGMENT)
	{
		return 0;
	}
	if (!vpndiag_vici_packet(data, size, &op, name, &msg, &msg_len) ||
		op != VPNDIAG_VICI_CMD_REQUEST)
	{
		return 0;
	}
	tree = vpndiag_vici_parse(msg, msg_len, &err);
	if (!tree)
	{
		return 0;
	}
	for (i = 0; i < ncmds; i++)
	{
		/* never reset: the store must keep records for the others */
		if (strcmp(cmds[i].name, name) || !strcmp(name, "vpndiag-reset"))
		{
			continue;
		}
		vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
		stream = cmds[i].cb(cmds[i].data, tree, &b);
		if (!stream)
		{
			check_reply(&b);
			break;
		}
		vpndiag_vici_abort(&b);
		for (steps = 0; stream->take && steps < 1000 &&
			 stream->take(stream, &block, &block_len); steps++)
		{
			check_block(stream, block, block_len);
		}
		for (steps = 0; steps < 1000; steps++)
		{
			vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT, stream->event);
			if (stream->next(stream, &b) != VPNDIAG_STREAM_MORE)
			{
				vpndiag_vici_abort(&b);
				break;
			}
			check_reply(&b);
		}
		vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
		stream->finish(stream, &b);
		check_reply(&b);
		stream->destroy(stream);
		break;
	}
	vpndiag_vici_free(tree);
	return 0;
}
