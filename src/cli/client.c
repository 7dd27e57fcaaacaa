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

#include "client.h"

#include <errno.h>
#include <stdarg.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

struct client_t {
	int fd;
	/** received bytes not consumed yet: in[pos] to in[end] (issue 22: one
	 *  recv() per 64 KiB instead of a poll() and recv() per header and per
	 *  message, ~40 000 system calls for a listing of 10 000 records) */
	size_t pos, end;
	uint8_t in[65536];
};

/**
 * Allocate an error text
 */
static char *error(const char *fmt, ...)
{
	va_list args;
	char *msg;

	va_start(args, fmt);
	if (vasprintf(&msg, fmt, args) < 0)
	{
		msg = NULL;
	}
	va_end(args);
	return msg;
}

static int connect_unix(const char *path, char **err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
	{
		*err = error("socket path too long: %s", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr*)&addr, sizeof(addr)) < 0)
	{
		*err = error("connecting to unix://%s failed: %s", path,
					 strerror(errno));
		if (fd >= 0)
		{
			close(fd);
		}
		return -1;
	}
	return fd;
}

static int connect_tcp(const char *hostport, char **err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char host[256], *port;
	int fd = -1, rc;

	snprintf(host, sizeof(host), "%s", hostport);
	port = strrchr(host, ':');
	if (!port)
	{
		*err = error("tcp URI needs host:port: %s", hostport);
		return -1;
	}
	*port++ = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']')
	{
		host[strlen(host) - 1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc)
	{
		*err = error("resolving %s failed: %s", hostport, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next)
	{
		fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		{
			break;
		}
		if (fd >= 0)
		{
			close(fd);
		}
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
	{
		*err = error("connecting to tcp://%s failed: %s", hostport,
					 strerror(errno));
	}
	return fd;
}

/*
 * Described in header
 */
client_t *client_connect(const char *uri, char **err)
{
	client_t *this;
	int fd;

	if (strncmp(uri, "unix://", 7) == 0)
	{
		fd = connect_unix(uri + 7, err);
	}
	else if (strncmp(uri, "tcp://", 6) == 0)
	{
		fd = connect_tcp(uri + 6, err);
	}
	else
	{
		*err = error("unsupported URI (unix:// or tcp://): %s", uri);
		return NULL;
	}
	if (fd < 0)
	{
		return NULL;
	}
	this = calloc(1, sizeof(*this));
	this->fd = fd;
	return this;
}

static bool send_all(client_t *this, const uint8_t *data, size_t len,
					 char **err)
{
	ssize_t n;

	while (len)
	{
		n = send(this->fd, data, len, MSG_NOSIGNAL);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			*err = error("sending to vpndiag failed: %s", strerror(errno));
			return false;
		}
		data += n;
		len -= n;
	}
	return true;
}

/**
 * Read exactly len bytes; timeout applies to each wait
 */
static bool recv_all(client_t *this, uint8_t *buf, size_t len, int timeout,
					 bool *timed_out, char **err)
{
	struct pollfd pfd = { .fd = this->fd, .events = POLLIN };
	ssize_t n;
	size_t take;
	int rc;

	while (len)
	{
		if (this->pos < this->end)
		{	/* what an earlier recv() brought first */
			take = this->end - this->pos < len ? this->end - this->pos : len;
			memcpy(buf, this->in + this->pos, take);
			this->pos += take;
			buf += take;
			len -= take;
			continue;
		}
		rc = poll(&pfd, 1, timeout);
		if (rc < 0 && errno == EINTR)
		{
			*err = error("interrupted");
			return false;
		}
		if (rc == 0)
		{
			*timed_out = true;
			return false;
		}
		if (len >= sizeof(this->in))
		{	/* a large rest straight into its place */
			n = recv(this->fd, buf, len, 0);
		}
		else
		{
			n = recv(this->fd, this->in, sizeof(this->in), 0);
		}
		if (n <= 0)
		{
			*err = error("vpndiag closed the connection%s%s",
						 n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
			return false;
		}
		if (len >= sizeof(this->in))
		{
			buf += n;
			len -= n;
		}
		else
		{
			this->pos = 0;
			this->end = n;
		}
	}
	return true;
}

/**
 * Read one packet
 */
static uint8_t *read_packet(client_t *this, size_t *len, int timeout,
							char **err)
{
	uint8_t hdr[4], *buf;
	bool timed_out = false;

	if (!recv_all(this, hdr, 4, timeout, &timed_out, err))
	{
		if (timed_out)
		{
			*err = NULL;
		}
		return NULL;
	}
	*len = ((size_t)hdr[0] << 24) | (hdr[1] << 16) | (hdr[2] << 8) | hdr[3];
	if (*len == 0 || *len > VPNDIAG_VICI_MAX_SEGMENT)
	{
		*err = error("invalid segment length %zu", *len);
		return NULL;
	}
	buf = malloc(*len);
	if (!recv_all(this, buf, *len, timeout, &timed_out, err))
	{
		if (timed_out)
		{
			*err = error("timeout in the middle of a message");
		}
		free(buf);
		return NULL;
	}
	return buf;
}

/**
 * Send a name-only packet and expect EVENT_CONFIRM
 */
static bool event_op(client_t *this, vpndiag_vici_op_t op, const char *name,
					 char **err)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_op_t reply;
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t *data;
	char rname[256];
	bool ok;

	vpndiag_vici_begin(&b, op, name);
	data = vpndiag_vici_finish(&b, &len);
	if (!data || !send_all(this, data, len, err))
	{
		free(data);
		return false;
	}
	free(data);
	while (true)
	{
		data = read_packet(this, &len, 30000, err);
		if (!data)
		{
			if (!*err)
			{
				*err = error("no answer to the event registration");
			}
			return false;
		}
		ok = vpndiag_vici_packet(data, len, &reply, rname, &msg, &msg_len);
		free(data);
		if (!ok)
		{
			*err = error("malformed packet from vpndiag");
			return false;
		}
		if (reply == VPNDIAG_VICI_EVENT)
		{	/* an event already registered: not for us here */
			continue;
		}
		if (reply == VPNDIAG_VICI_EVENT_CONFIRM)
		{
			return true;
		}
		*err = error("vpndiag does not know the event '%s'", name);
		return false;
	}
}

/*
 * Described in header
 */
bool client_register(client_t *this, const char *name, char **err)
{
	return event_op(this, VPNDIAG_VICI_EVENT_REGISTER, name, err);
}

/*
 * Described in header
 */
vpndiag_vici_node_t *client_request(client_t *this, vpndiag_vici_builder_t *req,
									const char *stream, client_event_cb_t cb,
									void *ctx, int timeout, char **err)
{
	vpndiag_vici_node_t *tree = NULL;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	const char *perr;
	size_t len, msg_len;
	uint8_t *data, *packet;
	char name[256];

	packet = vpndiag_vici_finish(req, &len);
	if (!packet)
	{
		*err = error("request not encodable");
		return NULL;
	}
	if (stream && !client_register(this, stream, err))
	{
		free(packet);
		return NULL;
	}
	if (!send_all(this, packet, len, err))
	{
		free(packet);
		return NULL;
	}
	free(packet);
	while (!tree)
	{
		data = read_packet(this, &len, timeout, err);
		if (!data)
		{
			if (!*err)
			{
				*err = error("no answer from vpndiag within %d s",
							 timeout / 1000);
			}
			return NULL;
		}
		if (!vpndiag_vici_packet(data, len, &op, name, &msg, &msg_len))
		{
			free(data);
			*err = error("malformed packet from vpndiag");
			return NULL;
		}
		switch (op)
		{
			case VPNDIAG_VICI_EVENT:
				tree = vpndiag_vici_parse(msg, msg_len, &perr);
				if (tree && stream && strcmp(name, stream) == 0 && cb)
				{
					cb(ctx, name, tree);
				}
				vpndiag_vici_free(tree);
				tree = NULL;
				break;
			case VPNDIAG_VICI_CMD_RESPONSE:
				tree = vpndiag_vici_parse(msg, msg_len, &perr);
				if (!tree)
				{
					*err = error("malformed response: %s", perr);
					free(data);
					return NULL;
				}
				break;
			case VPNDIAG_VICI_CMD_UNKNOWN:
				*err = error("vpndiag does not know this command (older "
							 "plugin?)");
				free(data);
				return NULL;
			default:
				*err = error("unexpected packet type %d", op);
				free(data);
				return NULL;
		}
		free(data);
	}
	if (stream && !event_op(this, VPNDIAG_VICI_EVENT_UNREGISTER, stream, err))
	{
		vpndiag_vici_free(tree);
		return NULL;
	}
	return tree;
}

/*
 * Described in header
 */
vpndiag_vici_node_t *client_wait_event(client_t *this, int timeout,
									   char name[256], char **err)
{
	vpndiag_vici_node_t *tree;
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	const char *perr;
	size_t len, msg_len;
	uint8_t *data;

	*err = NULL;
	while (true)
	{
		data = read_packet(this, &len, timeout, err);
		if (!data)
		{
			return NULL;
		}
		if (!vpndiag_vici_packet(data, len, &op, name, &msg, &msg_len))
		{
			free(data);
			*err = error("malformed packet from vpndiag");
			return NULL;
		}
		if (op != VPNDIAG_VICI_EVENT)
		{
			free(data);
			continue;
		}
		tree = vpndiag_vici_parse(msg, msg_len, &perr);
		free(data);
		if (!tree)
		{
			*err = error("malformed event: %s", perr);
		}
		return tree;
	}
}

/*
 * Described in header
 */
void client_close(client_t *this)
{
	if (this)
	{
		close(this->fd);
		free(this);
	}
}
