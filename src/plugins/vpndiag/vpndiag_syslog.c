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

#include "vpndiag_syslog.h"
#include "vpndiag_syslog_msg.h"

#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <daemon.h>
#include <collections/hashtable.h>

typedef struct private_vpndiag_syslog_t private_vpndiag_syslog_t;

/** records whose repeats are tracked before the table is cleared */
#define MAX_TRACKED 1024

/**
 * When a record was last sent, and with which count
 */
typedef struct {
	uint64_t id;
	uint64_t sent_ms;
	uint32_t count;
} sent_t;

/**
 * Private data.
 */
struct private_vpndiag_syslog_t {
	vpndiag_publisher_t public;
	/** datagram socket, -1 if none */
	int fd;
	/** destination */
	struct sockaddr_un addr;
	int facility;
	bool rfc3164;
	bool enabled;
	/** ms between two repeat messages of a record */
	uint64_t interval;
	/** the socket failed: reported once until it works again */
	bool failing;
	/** messages dropped because the socket was full or missing */
	uint64_t dropped;
	/** record id => sent_t */
	hashtable_t *sent;
	/** messages per second for records without a connection, 0 = all */
	u_int unattributed_rate;
	/** current second and messages of unattributed records sent in it */
	uint64_t window;
	u_int window_sent;
	/** unattributed messages suppressed since the last summary, and when
	 *  suppressing started */
	uint64_t suppressed;
	uint64_t suppressed_since;
	char host[256];
	/** health counters, not owned */
	vpndiag_stats_t *stats;
};

static u_int hash_id(const void *key)
{
	uint64_t id = *(uint64_t*)key;

	/* record ids are the store's sequence, not chosen by a peer: a
	 * multiplicative hash spreads them (chunk_hash() ~350 instructions per
	 * record published, issue 22) */
	return (u_int)((id ^ (id >> 32)) * 2654435761u);
}

static bool equals_id(const void *a, const void *b)
{
	return *(uint64_t*)a == *(uint64_t*)b;
}

/**
 * (Re-)read the settings
 */
static void load_settings(private_vpndiag_syslog_t *this)
{
	char *path, *facility, *format;

	this->enabled = lib->settings->get_bool(lib->settings,
						"%s.plugins.vpndiag.syslog.enable", TRUE, lib->ns);
	path = lib->settings->get_str(lib->settings,
						"%s.plugins.vpndiag.syslog.socket", "/dev/log", lib->ns);
	facility = lib->settings->get_str(lib->settings,
						"%s.plugins.vpndiag.syslog.facility", "daemon", lib->ns);
	format = lib->settings->get_str(lib->settings,
						"%s.plugins.vpndiag.syslog.format", "rfc5424", lib->ns);
	this->interval = 1000 * lib->settings->get_int(lib->settings,
						"%s.plugins.vpndiag.syslog.repeat_interval", 60, lib->ns);
	this->unattributed_rate = lib->settings->get_int(lib->settings,
						"%s.plugins.vpndiag.syslog.unattributed_rate", 10, lib->ns);

	memset(&this->addr, 0, sizeof(this->addr));
	this->addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(this->addr.sun_path))
	{
		DBG1(DBG_CFG, "vpndiag: syslog socket path '%s' too long, syslog "
			 "output disabled", path);
		this->enabled = FALSE;
	}
	else
	{
		strncpy(this->addr.sun_path, path, sizeof(this->addr.sun_path) - 1);
	}
	this->facility = vpndiag_syslog_facility(facility);
	if (this->facility < 0)
	{
		DBG1(DBG_CFG, "vpndiag: unknown syslog facility '%s', using daemon",
			 facility);
		this->facility = 3;
	}
	this->rfc3164 = strcaseeq(format, "rfc3164");
	if (!this->rfc3164 && !strcaseeq(format, "rfc5424"))
	{
		DBG1(DBG_CFG, "vpndiag: unknown syslog format '%s', using rfc5424",
			 format);
	}
	this->failing = FALSE;
}

/**
 * Send a datagram without blocking; report a broken socket once
 */
static void send_msg(private_vpndiag_syslog_t *this, char *msg, int len)
{
	if (this->fd < 0)
	{
		this->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (this->fd < 0)
		{
			this->dropped++;
			this->stats->add(this->stats, VPNDIAG_STAT_SYSLOG_DROPPED, 1);
			return;
		}
	}
	if (sendto(this->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   (struct sockaddr*)&this->addr, sizeof(this->addr)) < 0)
	{
		this->dropped++;
		this->stats->add(this->stats, VPNDIAG_STAT_SYSLOG_DROPPED, 1);
		if (!this->failing && errno != EAGAIN && errno != EWOULDBLOCK)
		{
			DBG1(DBG_CFG, "vpndiag: syslog socket %s: %s; dropping syslog "
				 "messages until it works", this->addr.sun_path,
				 strerror(errno));
			this->failing = TRUE;
		}
		return;
	}
	if (this->failing)
	{
		DBG1(DBG_CFG, "vpndiag: syslog socket %s works again (%llu messages "
			 "dropped so far)", this->addr.sun_path,
			 (unsigned long long)this->dropped);
		this->failing = FALSE;
	}
}

METHOD(vpndiag_publisher_t, publish, void,
	private_vpndiag_syslog_t *this, vpndiag_record_t *record, bool is_new)
{
	char msg[4096];
	uint32_t repeated = 0;
	sent_t *sent;
	int len;

	if (!this->enabled)
	{
		return;
	}
	if (this->suppressed && record->last / 1000 != this->window)
	{	/* the first message after a suppressed second: say how many */
		len = vpndiag_syslog_format_suppressed(this->suppressed,
				max(1, (record->last - this->suppressed_since) / 1000),
				record->last, this->facility, this->rfc3164, this->host,
				getpid(), msg, sizeof(msg));
		send_msg(this, msg, len);
		this->suppressed = 0;
	}
	if (!record->conn && this->unattributed_rate)
	{	/* floods of unknown peers: a budget per second, then a summary */
		if (record->last / 1000 != this->window)
		{
			this->window = record->last / 1000;
			this->window_sent = 0;
		}
		if (this->window_sent >= this->unattributed_rate)
		{
			if (!this->suppressed++)
			{
				this->suppressed_since = record->last;
			}
			this->stats->add(this->stats, VPNDIAG_STAT_SYSLOG_SUPPRESSED, 1);
			return;
		}
		this->window_sent++;
	}
	sent = this->sent->get(this->sent, &record->id);
	if (!is_new && sent)
	{	/* rate-limit repeats: one message per interval per record */
		if (record->last < sent->sent_ms + this->interval)
		{
			return;
		}
		repeated = record->count;
	}
	else if (!is_new)
	{
		repeated = record->count;
	}
	if (!sent)
	{
		if (this->sent->get_count(this->sent) >= MAX_TRACKED)
		{
			enumerator_t *enumerator;
			sent_t *old;

			enumerator = this->sent->create_enumerator(this->sent);
			while (enumerator->enumerate(enumerator, NULL, &old))
			{
				this->sent->remove_at(this->sent, enumerator);
				free(old);
			}
			enumerator->destroy(enumerator);
		}
		INIT(sent,
			.id = record->id,
		);
		this->sent->put(this->sent, &sent->id, sent);
	}
	sent->sent_ms = record->last;
	sent->count = record->count;
	len = vpndiag_syslog_format(record, this->facility, this->rfc3164,
								repeated, this->host, getpid(), msg, sizeof(msg));
	send_msg(this, msg, len);
}

METHOD(vpndiag_publisher_t, reload, void,
	private_vpndiag_syslog_t *this)
{
	load_settings(this);
}

METHOD(vpndiag_publisher_t, destroy, void,
	private_vpndiag_syslog_t *this)
{
	if (this->fd >= 0)
	{
		close(this->fd);
	}
	this->sent->destroy_function(this->sent, (void*)free);
	free(this);
}

/*
 * Described in header
 */
vpndiag_publisher_t *vpndiag_syslog_create(vpndiag_stats_t *stats)
{
	private_vpndiag_syslog_t *this;

	INIT(this,
		.public = {
			.publish = _publish,
			.reload = _reload,
			.destroy = _destroy,
		},
		.fd = -1,
		.stats = stats,
		.sent = hashtable_create(hash_id, equals_id, 32),
	);
	if (gethostname(this->host, sizeof(this->host)) != 0 || !this->host[0])
	{
		snprintf(this->host, sizeof(this->host), "-");
	}
	load_settings(this);
	return &this->public;
}
