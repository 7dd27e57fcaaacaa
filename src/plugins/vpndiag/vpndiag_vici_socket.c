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

#include "vpndiag_vici_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/uio.h>

#include <networking/streams/stream_tcp.h>
#include <networking/streams/stream_unix.h>
#include <threading/thread.h>
#include <threading/mutex.h>
#include <collections/array.h>

/** most events and commands a server knows */
#define MAX_EVENTS 16
#define MAX_COMMANDS 32
/** a stream is refilled while less than this is queued */
#define STREAM_LOW_WATER (256 * 1024)
/** a partial segment idle this long closes the connection (ms) */
#define PARTIAL_TIMEOUT 10000
/** events dropped in a row before a client that does not read is closed */
#define MAX_DROPS_IN_A_ROW 256
/** queued segments written with one sendmsg() */
#define WRITE_IOV 64

typedef struct private_vpndiag_vici_socket_t private_vpndiag_vici_socket_t;
typedef struct client_t client_t;
typedef struct chunk_out_t chunk_out_t;

/**
 * A queued outgoing segment
 */
struct chunk_out_t {
	uint8_t *data;
	size_t len;
	size_t done;
	chunk_out_t *next;
};

/**
 * A connected client
 */
struct client_t {
	int fd;
	/** client number for log lines */
	u_int id;
	/** length header being read, and bytes of it read */
	uint8_t hdr[4];
	size_t hdr_len;
	/** segment being read */
	uint8_t *in;
	size_t in_len;
	size_t in_done;
	/** when the current partial segment started (0: none) */
	time_t partial_since;
	/** outgoing queue */
	chunk_out_t *out;
	chunk_out_t *out_tail;
	size_t out_bytes;
	/** subscribed events, bit per event index */
	u_int events;
	/** command being streamed, NULL if idle */
	vpndiag_vici_stream_t *stream;
	/** events dropped in a row, and whether that was logged */
	u_int drops;
	bool drop_logged;
	/** close after the queue is flushed / now */
	bool dead;
};

/**
 * A registered command
 */
typedef struct {
	const char *name;
	vpndiag_vici_cmd_t cb;
	void *data;
} command_t;

/**
 * Private data
 */
struct private_vpndiag_vici_socket_t {

	vpndiag_vici_socket_t public;

	/** listening socket, wake pipe */
	int fd;
	int wake[2];
	/** unix socket path to remove at the end, or NULL */
	char *path;
	char *uri;

	command_t commands[MAX_COMMANDS];
	int ncommands;
	const char *events[MAX_EVENTS];
	int nevents;

	/** client_t* */
	array_t *clients;
	u_int next_id;
	u_int client_queue;
	u_int max_clients;
	bool refused_logged;

	uint64_t dropped_events;
	uint64_t dropped_clients;

	/** protects everything above while the thread runs */
	mutex_t *mutex;
	thread_t *thread;
	bool stop;
};

static int event_index(private_vpndiag_vici_socket_t *this, const char *name)
{
	int i;

	for (i = 0; i < this->nevents; i++)
	{
		if (streq(this->events[i], name))
		{
			return i;
		}
	}
	return -1;
}

/**
 * Queue a finished segment to a client (takes ownership)
 */
static void enqueue(client_t *c, uint8_t *data, size_t len)
{
	chunk_out_t *chunk;

	INIT(chunk,
		.data = data,
		.len = len,
	);
	if (c->out_tail)
	{
		c->out_tail->next = chunk;
	}
	else
	{
		c->out = chunk;
	}
	c->out_tail = chunk;
	c->out_bytes += len;
}

/**
 * Queue an unnamed packet without message
 */
static void enqueue_op(client_t *c, vpndiag_vici_op_t op)
{
	vpndiag_vici_builder_t b;
	uint8_t *data;
	size_t len;

	vpndiag_vici_begin(&b, op, NULL);
	data = vpndiag_vici_finish(&b, &len);
	if (data)
	{
		enqueue(c, data, len);
	}
}

/**
 * Queue a response saying success = no
 */
static void enqueue_error(client_t *c, const char *fmt, ...)
{
	vpndiag_vici_builder_t b;
	char msg[256];
	uint8_t *data;
	size_t len;
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	vpndiag_vici_str(&b, "success", "no");
	vpndiag_vici_str(&b, "errmsg", msg);
	data = vpndiag_vici_finish(&b, &len);
	if (data)
	{
		enqueue(c, data, len);
	}
}

static void client_destroy(client_t *c)
{
	chunk_out_t *chunk;

	while (c->out)
	{
		chunk = c->out;
		c->out = chunk->next;
		free(chunk->data);
		free(chunk);
	}
	DESTROY_IF(c->stream);
	if (c->fd >= 0)
	{
		close(c->fd);
	}
	free(c->in);
	free(c);
}

/**
 * Run a command request
 */
static void run_command(private_vpndiag_vici_socket_t *this, client_t *c,
						const char *name, const uint8_t *msg, size_t len)
{
	vpndiag_vici_builder_t b;
	vpndiag_vici_node_t *request;
	vpndiag_vici_stream_t *stream;
	command_t *cmd = NULL;
	const char *err;
	uint8_t *data;
	size_t dlen;
	int i;

	for (i = 0; i < this->ncommands; i++)
	{
		if (streq(this->commands[i].name, name))
		{
			cmd = &this->commands[i];
			break;
		}
	}
	if (!cmd)
	{
		enqueue_op(c, VPNDIAG_VICI_CMD_UNKNOWN);
		return;
	}
	request = vpndiag_vici_parse(msg, len, &err);
	if (!request)
	{
		enqueue_error(c, "malformed request message: %s", err);
		return;
	}
	vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
	stream = cmd->cb(cmd->data, request, &b);
	vpndiag_vici_free(request);
	if (stream)
	{
		vpndiag_vici_abort(&b);
		i = stream->event ? event_index(this, stream->event) : -1;
		if (stream->require_event && (i < 0 || !(c->events & (1 << i))))
		{
			enqueue_error(c, "event '%s' not registered: register it before "
						  "the request", stream->event ?: "");
			stream->destroy(stream);
			return;
		}
		c->stream = stream;
		return;
	}
	data = vpndiag_vici_finish(&b, &dlen);
	if (data)
	{
		enqueue(c, data, dlen);
	}
	else
	{
		enqueue_error(c, "response too large or not encodable");
	}
}

/**
 * Handle one complete segment; FALSE if the connection must be closed
 */
static bool handle_packet(private_vpndiag_vici_socket_t *this, client_t *c,
						  const uint8_t *data, size_t len)
{
	vpndiag_vici_op_t op;
	const uint8_t *msg;
	size_t msg_len;
	char name[256];
	int idx;

	if (!vpndiag_vici_packet(data, len, &op, name, &msg, &msg_len))
	{
		return FALSE;
	}
	switch (op)
	{
		case VPNDIAG_VICI_CMD_REQUEST:
			run_command(this, c, name, msg, msg_len);
			return TRUE;
		case VPNDIAG_VICI_EVENT_REGISTER:
		case VPNDIAG_VICI_EVENT_UNREGISTER:
			idx = event_index(this, name);
			if (idx < 0)
			{
				enqueue_op(c, VPNDIAG_VICI_EVENT_UNKNOWN);
				return TRUE;
			}
			if (op == VPNDIAG_VICI_EVENT_REGISTER)
			{
				c->events |= (1 << idx);
			}
			else
			{
				c->events &= ~(1 << idx);
			}
			enqueue_op(c, VPNDIAG_VICI_EVENT_CONFIRM);
			return TRUE;
		default:
			/* server-to-client types from a client: broken peer */
			return FALSE;
	}
}

/**
 * Read what is available; FALSE to close the connection
 */
static bool client_read(private_vpndiag_vici_socket_t *this, client_t *c)
{
	ssize_t n;
	size_t len;

	while (!c->stream && !c->dead)
	{
		if (c->hdr_len < sizeof(c->hdr))
		{
			n = recv(c->fd, c->hdr + c->hdr_len, sizeof(c->hdr) - c->hdr_len,
					 MSG_DONTWAIT);
			if (n <= 0)
			{
				return n < 0 && (errno == EAGAIN || errno == EINTR);
			}
			if (!c->partial_since)
			{
				c->partial_since = time_monotonic(NULL);
			}
			c->hdr_len += n;
			if (c->hdr_len < sizeof(c->hdr))
			{
				continue;
			}
			len = ((size_t)c->hdr[0] << 24) | (c->hdr[1] << 16) |
				  (c->hdr[2] << 8) | c->hdr[3];
			if (len == 0 || len > VPNDIAG_VICI_MAX_SEGMENT)
			{
				DBG1(DBG_CFG, "vpndiag: VICI client %u sent a segment of %zu "
					 "bytes (limit %d), closing", c->id, len,
					 VPNDIAG_VICI_MAX_SEGMENT);
				return FALSE;
			}
			c->in = malloc(len);
			if (!c->in)
			{
				return FALSE;
			}
			c->in_len = len;
			c->in_done = 0;
		}
		n = recv(c->fd, c->in + c->in_done, c->in_len - c->in_done,
				 MSG_DONTWAIT);
		if (n <= 0)
		{
			return n < 0 && (errno == EAGAIN || errno == EINTR);
		}
		c->in_done += n;
		if (c->in_done < c->in_len)
		{
			continue;
		}
		if (!handle_packet(this, c, c->in, c->in_len))
		{
			DBG1(DBG_CFG, "vpndiag: VICI client %u sent a malformed packet, "
				 "closing", c->id);
			return FALSE;
		}
		free(c->in);
		c->in = NULL;
		c->hdr_len = 0;
		c->partial_since = 0;
	}
	return TRUE;
}

/**
 * Write what the socket takes, queued segments gathered into one sendmsg()
 * each round; FALSE to close the connection
 */
static bool client_write(client_t *c)
{
	struct iovec iov[WRITE_IOV];
	struct msghdr msg = { .msg_iov = iov };
	chunk_out_t *chunk;
	ssize_t n;
	size_t left;
	int count;

	while (c->out)
	{
		count = 0;
		for (chunk = c->out; chunk && count < WRITE_IOV; chunk = chunk->next)
		{
			iov[count++] = (struct iovec){
				.iov_base = chunk->data + chunk->done,
				.iov_len = chunk->len - chunk->done,
			};
		}
		msg.msg_iovlen = count;
		n = sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
		{
			return errno == EAGAIN || errno == EINTR;
		}
		c->drops = 0;
		c->out_bytes -= n;
		while (c->out && n)
		{
			chunk = c->out;
			left = chunk->len - chunk->done;
			if ((size_t)n < left)
			{
				chunk->done += n;
				return TRUE;
			}
			n -= left;
			c->out = chunk->next;
			if (!c->out)
			{
				c->out_tail = NULL;
			}
			free(chunk->data);
			free(chunk);
		}
	}
	return TRUE;
}

/**
 * Produce more of a streamed reply while the client keeps up
 */
static void client_pump(private_vpndiag_vici_socket_t *this, client_t *c)
{
	vpndiag_vici_builder_t b;
	vpndiag_stream_state_t state;
	uint8_t *data;
	size_t len;
	int idx;

	while (c->stream && c->out_bytes < STREAM_LOW_WATER)
	{
		idx = c->stream->event ? event_index(this, c->stream->event) : -1;
		if (c->stream->take && c->stream->take(c->stream, &data, &len))
		{
			if (idx >= 0 && (c->events & (1 << idx)))
			{
				enqueue(c, data, len);
			}
			else
			{
				free(data);
			}
			continue;
		}
		/* a stream without events (a deferred reply) gets a placeholder */
		vpndiag_vici_begin(&b, VPNDIAG_VICI_EVENT,
						   c->stream->event ?: "vpndiag-none");
		state = c->stream->next(c->stream, &b);
		if (state == VPNDIAG_STREAM_MORE)
		{
			data = vpndiag_vici_finish(&b, &len);
			if (data && idx >= 0 && (c->events & (1 << idx)))
			{
				enqueue(c, data, len);
			}
			else
			{
				free(data);
			}
			continue;
		}
		vpndiag_vici_abort(&b);
		if (state == VPNDIAG_STREAM_WAIT)
		{
			return;
		}
		vpndiag_vici_begin(&b, VPNDIAG_VICI_CMD_RESPONSE, NULL);
		c->stream->finish(c->stream, &b);
		data = vpndiag_vici_finish(&b, &len);
		c->stream->destroy(c->stream);
		c->stream = NULL;
		if (data)
		{
			enqueue(c, data, len);
		}
		else
		{
			enqueue_error(c, "response too large or not encodable");
		}
	}
}

/**
 * Accept pending connections
 */
static void accept_clients(private_vpndiag_vici_socket_t *this)
{
	client_t *c;
	int fd;

	while (TRUE)
	{
		fd = accept4(this->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
		{
			return;
		}
		if (array_count(this->clients) >= this->max_clients)
		{
			if (!this->refused_logged)
			{
				DBG1(DBG_CFG, "vpndiag: refusing VICI client, %u clients "
					 "connected (max_clients)", this->max_clients);
				this->refused_logged = TRUE;
			}
			close(fd);
			continue;
		}
		this->refused_logged = FALSE;
		INIT(c,
			.fd = fd,
			.id = ++this->next_id,
		);
		array_insert(this->clients, ARRAY_TAIL, c);
	}
}

/**
 * Server thread
 */
static void *serve(private_vpndiag_vici_socket_t *this)
{
	struct pollfd *pfd = NULL;
	client_t *c;
	char buf[64];
	int i, n, count, timeout;
	time_t now;

	while (TRUE)
	{
		this->mutex->lock(this->mutex);
		if (this->stop)
		{
			this->mutex->unlock(this->mutex);
			break;
		}
		count = array_count(this->clients);
		pfd = realloc(pfd, sizeof(*pfd) * (count + 2));
		pfd[0] = (struct pollfd){ .fd = this->wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = this->fd, .events = POLLIN };
		timeout = -1;
		for (i = 0; i < count; i++)
		{
			array_get(this->clients, i, &c);
			pfd[i + 2] = (struct pollfd){ .fd = c->fd };
			if (!c->stream && !c->dead)
			{
				pfd[i + 2].events |= POLLIN;
			}
			if (c->out)
			{
				pfd[i + 2].events |= POLLOUT;
			}
			if (c->partial_since)
			{
				timeout = 1000;
			}
		}
		this->mutex->unlock(this->mutex);

		n = poll(pfd, count + 2, timeout);
		if (n < 0 && errno != EINTR)
		{
			DBG1(DBG_CFG, "vpndiag: VICI poll failed: %s", strerror(errno));
			sleep(1);
			continue;
		}

		this->mutex->lock(this->mutex);
		if (pfd[0].revents & POLLIN)
		{
			while (read(this->wake[0], buf, sizeof(buf)) > 0)
			{
			}
		}
		if (pfd[1].revents & POLLIN)
		{
			accept_clients(this);
		}
		now = time_monotonic(NULL);
		/* clients accepted just now are past count and wait a round */
		for (i = count - 1; i >= 0; i--)
		{
			array_get(this->clients, i, &c);
			if (c->fd != pfd[i + 2].fd)
			{
				continue;
			}
			if ((pfd[i + 2].revents & POLLIN) && !client_read(this, c))
			{
				c->dead = TRUE;
			}
			if (!c->dead && (pfd[i + 2].revents & (POLLERR | POLLNVAL)))
			{
				c->dead = TRUE;
			}
			if (!c->dead && (pfd[i + 2].revents & POLLHUP) &&
				!(pfd[i + 2].revents & POLLIN))
			{
				c->dead = TRUE;
			}
			if (!c->dead && c->partial_since &&
				(now - c->partial_since) * 1000 > PARTIAL_TIMEOUT)
			{
				DBG1(DBG_CFG, "vpndiag: VICI client %u sent a partial segment "
					 "and stalled, closing", c->id);
				c->dead = TRUE;
			}
			if (!c->dead)
			{
				client_pump(this, c);
				/* a reply may allow reading the next request */
				if (!c->stream && !c->out && !client_read(this, c))
				{
					c->dead = TRUE;
				}
				client_pump(this, c);
				if (c->out && !client_write(c))
				{
					c->dead = TRUE;
				}
				client_pump(this, c);
			}
			if (c->dead)
			{
				array_remove(this->clients, i, NULL);
				client_destroy(c);
			}
		}
		this->mutex->unlock(this->mutex);
	}
	free(pfd);
	return NULL;
}

METHOD(vpndiag_vici_socket_t, add_command, void,
	private_vpndiag_vici_socket_t *this, const char *name,
	vpndiag_vici_cmd_t cb, void *data)
{
	if (this->ncommands < MAX_COMMANDS)
	{
		this->commands[this->ncommands++] = (command_t){
			.name = name,
			.cb = cb,
			.data = data,
		};
	}
}

METHOD(vpndiag_vici_socket_t, add_event, void,
	private_vpndiag_vici_socket_t *this, const char *name)
{
	if (this->nevents < MAX_EVENTS)
	{
		this->events[this->nevents++] = name;
	}
}

METHOD(vpndiag_vici_socket_t, start, bool,
	private_vpndiag_vici_socket_t *this)
{
	this->thread = thread_create((thread_main_t)serve, this);
	return this->thread != NULL;
}

METHOD(vpndiag_vici_socket_t, has_listeners, bool,
	private_vpndiag_vici_socket_t *this, const char *name)
{
	client_t *c;
	bool found = FALSE;
	int i, idx;

	this->mutex->lock(this->mutex);
	idx = event_index(this, name);
	for (i = 0; idx >= 0 && i < array_count(this->clients); i++)
	{
		array_get(this->clients, i, &c);
		if (c->events & (1 << idx))
		{
			found = TRUE;
			break;
		}
	}
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(vpndiag_vici_socket_t, wake, void,
	private_vpndiag_vici_socket_t *this)
{
	ignore_result(write(this->wake[1], "w", 1));
}

METHOD(vpndiag_vici_socket_t, raise_, void,
	private_vpndiag_vici_socket_t *this, const char *name, uint8_t *packet,
	size_t len)
{
	client_t *c;
	uint8_t *copy;
	bool queued = FALSE;
	int i, idx;

	this->mutex->lock(this->mutex);
	idx = event_index(this, name);
	for (i = 0; idx >= 0 && i < array_count(this->clients); i++)
	{
		array_get(this->clients, i, &c);
		if (!(c->events & (1 << idx)) || c->dead)
		{
			continue;
		}
		if (c->out_bytes + len > this->client_queue)
		{
			this->dropped_events++;
			if (!c->drop_logged)
			{
				DBG1(DBG_CFG, "vpndiag: VICI client %u does not read its "
					 "events, dropping them", c->id);
				c->drop_logged = TRUE;
			}
			if (++c->drops >= MAX_DROPS_IN_A_ROW)
			{
				DBG1(DBG_CFG, "vpndiag: VICI client %u dropped %u events in "
					 "a row, disconnecting it", c->id, c->drops);
				this->dropped_clients++;
				c->dead = TRUE;
				queued = TRUE;
			}
			continue;
		}
		copy = malloc(len);
		if (copy)
		{
			memcpy(copy, packet, len);
			enqueue(c, copy, len);
			queued = TRUE;
		}
	}
	this->mutex->unlock(this->mutex);
	if (queued)
	{
		wake(this);
	}
}

METHOD(vpndiag_vici_socket_t, get_drops, void,
	private_vpndiag_vici_socket_t *this, uint64_t *events, uint64_t *clients)
{
	this->mutex->lock(this->mutex);
	*events = this->dropped_events;
	*clients = this->dropped_clients;
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_vici_socket_t, set_limits, void,
	private_vpndiag_vici_socket_t *this, u_int client_queue, u_int max_clients)
{
	this->mutex->lock(this->mutex);
	this->client_queue = max(client_queue, 1024);
	this->max_clients = max(max_clients, 1);
	this->mutex->unlock(this->mutex);
}

METHOD(vpndiag_vici_socket_t, destroy, void,
	private_vpndiag_vici_socket_t *this)
{
	client_t *c;

	if (this->thread)
	{
		this->mutex->lock(this->mutex);
		this->stop = TRUE;
		this->mutex->unlock(this->mutex);
		wake(this);
		this->thread->join(this->thread);
	}
	while (array_remove(this->clients, ARRAY_HEAD, &c))
	{
		client_destroy(c);
	}
	array_destroy(this->clients);
	if (this->fd >= 0)
	{
		close(this->fd);
	}
	if (this->wake[0] >= 0)
	{
		close(this->wake[0]);
		close(this->wake[1]);
	}
	if (this->path)
	{
		unlink(this->path);
	}
	free(this->path);
	free(this->uri);
	this->mutex->destroy(this->mutex);
	free(this);
}

/**
 * Apply owner, group and mode to a unix socket
 */
static bool set_permissions(const char *path, vpndiag_vici_options_t *opts)
{
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	char buf[4096];
	uid_t uid = -1;
	gid_t gid = -1;

	if (opts->user && *opts->user)
	{
		if (getpwnam_r(opts->user, &pw, buf, sizeof(buf), &pwp) != 0 || !pwp)
		{
			DBG1(DBG_CFG, "vpndiag: socket_user '%s' does not exist",
				 opts->user);
			return FALSE;
		}
		uid = pwp->pw_uid;
	}
	if (opts->group && *opts->group)
	{
		if (getgrnam_r(opts->group, &gr, buf, sizeof(buf), &grp) != 0 || !grp)
		{
			DBG1(DBG_CFG, "vpndiag: socket_group '%s' does not exist",
				 opts->group);
			return FALSE;
		}
		gid = grp->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && chown(path, uid, gid) != 0)
	{
		DBG1(DBG_CFG, "vpndiag: changing owner of '%s' failed: %s", path,
			 strerror(errno));
		return FALSE;
	}
	if (chmod(path, opts->mode) != 0)
	{
		DBG1(DBG_CFG, "vpndiag: changing mode of '%s' failed: %s", path,
			 strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/**
 * Open a unix socket; a stale socket file is replaced, a live one is not
 */
static int open_unix(private_vpndiag_vici_socket_t *this,
					 vpndiag_vici_options_t *opts)
{
	struct sockaddr_un addr;
	struct stat st;
	const char *path = opts->uri + strlen("unix://");
	int fd, probe, len;

	if (strlen(path) == 0 || strlen(path) >= sizeof(addr.sun_path))
	{
		DBG1(DBG_CFG, "vpndiag: socket path '%s' is empty or too long", path);
		return -1;
	}
	len = stream_parse_uri_unix(opts->uri, &addr);
	if (len < 0)
	{
		return -1;
	}
	if (lstat(addr.sun_path, &st) == 0)
	{
		if (!S_ISSOCK(st.st_mode))
		{
			DBG1(DBG_CFG, "vpndiag: '%s' exists and is not a socket, not "
				 "replacing it", addr.sun_path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr*)&addr, len) == 0)
		{
			close(probe);
			DBG1(DBG_CFG, "vpndiag: socket '%s' is in use by another process",
				 addr.sun_path);
			return -1;
		}
		if (probe >= 0)
		{
			close(probe);
		}
		unlink(addr.sun_path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
	{
		DBG1(DBG_CFG, "vpndiag: opening socket failed: %s", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr*)&addr, len) < 0)
	{
		DBG1(DBG_CFG, "vpndiag: binding socket '%s' failed: %s",
			 addr.sun_path, strerror(errno));
		close(fd);
		return -1;
	}
	this->path = strdup(addr.sun_path);
	if (!set_permissions(addr.sun_path, opts))
	{
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * Open a TCP socket
 */
static int open_tcp(vpndiag_vici_options_t *opts)
{
	union {
		struct sockaddr sa;
		struct sockaddr_storage ss;
	} addr;
	int fd, len, on = 1;

	len = stream_parse_uri_tcp(opts->uri, &addr.sa);
	if (len < 0)
	{
		DBG1(DBG_CFG, "vpndiag: invalid socket URI '%s'", opts->uri);
		return -1;
	}
	fd = socket(addr.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
				0);
	if (fd < 0)
	{
		DBG1(DBG_CFG, "vpndiag: opening socket failed: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, &addr.sa, len) < 0)
	{
		DBG1(DBG_CFG, "vpndiag: binding socket '%s' failed: %s", opts->uri,
			 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Described in header
 */
vpndiag_vici_socket_t *vpndiag_vici_socket_create(vpndiag_vici_options_t *opts)
{
	private_vpndiag_vici_socket_t *this;
	int fd;

	INIT(this,
		.public = {
			.add_command = _add_command,
			.add_event = _add_event,
			.start = _start,
			.has_listeners = _has_listeners,
			.raise = _raise_,
			.wake = _wake,
			.get_drops = _get_drops,
			.set_limits = _set_limits,
			.destroy = _destroy,
		},
		.fd = -1,
		.wake = { -1, -1 },
		.clients = array_create(0, 0),
		.client_queue = max(opts->client_queue, 1024),
		.max_clients = max(opts->max_clients, 1),
		.uri = strdup(opts->uri),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	if (strpfx(opts->uri, "unix://"))
	{
		fd = open_unix(this, opts);
	}
	else if (strpfx(opts->uri, "tcp://"))
	{
		fd = open_tcp(opts);
	}
	else
	{
		DBG1(DBG_CFG, "vpndiag: socket URI '%s' is neither unix:// nor "
			 "tcp://", opts->uri);
		fd = -1;
	}
	if (fd >= 0 && listen(fd, 16) < 0)
	{
		DBG1(DBG_CFG, "vpndiag: listening on '%s' failed: %s", opts->uri,
			 strerror(errno));
		close(fd);
		fd = -1;
	}
	this->fd = fd;
	if (fd < 0 || pipe2(this->wake, O_NONBLOCK | O_CLOEXEC) != 0)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
