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

#include "icmp_echo.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <sys/socket.h>

/** between requests and after the last one (ms) */
#define INTERVAL 200
#define WAIT 1500
/** most requests */
#define MAX_COUNT 100

static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
	{
		sum += (p[0] << 8) | p[1];
	}
	if (len)
	{
		sum += p[0] << 8;
	}
	while (sum >> 16)
	{
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return htons(~sum);
}

static long long now_ms()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/**
 * Whether a received datagram is a reply to one of ours; marks its sequence
 */
static void take_reply(int family, uint8_t *buf, ssize_t len, uint16_t id,
					   int count, uint8_t *seen)
{
	uint8_t type, want;
	uint16_t rid, seq;

	if (family == AF_INET)
	{	/* raw IPv4 sockets deliver the IP header */
		size_t hl;

		if (len < (ssize_t)sizeof(struct ip))
		{
			return;
		}
		hl = (buf[0] & 0x0f) * 4;
		if (len < (ssize_t)(hl + 8))
		{
			return;
		}
		buf += hl;
		want = ICMP_ECHOREPLY;
	}
	else
	{
		if (len < 8)
		{
			return;
		}
		want = ICMP6_ECHO_REPLY;
	}
	type = buf[0];
	rid = (buf[4] << 8) | buf[5];
	seq = (buf[6] << 8) | buf[7];
	if (type == want && rid == id && seq < count)
	{
		seen[seq] = 1;
	}
}

int icmp_echo(int family, const void *src, const void *dst, int count,
			  char **err)
{
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} s, d;
	uint8_t seen[MAX_COUNT] = {}, pkt[64], buf[2048];
	socklen_t slen;
	struct pollfd pfd;
	long long next, end;
	uint16_t id;
	int fd, sent = 0, replies = 0, i;
	ssize_t len;

	*err = NULL;
	if (count < 1 || count > MAX_COUNT)
	{
		count = count < 1 ? 1 : MAX_COUNT;
	}
	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	if (family == AF_INET)
	{
		s.v4.sin_family = d.v4.sin_family = AF_INET;
		memcpy(&s.v4.sin_addr, src, 4);
		memcpy(&d.v4.sin_addr, dst, 4);
		slen = sizeof(s.v4);
		fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	}
	else
	{
		s.v6.sin6_family = d.v6.sin6_family = AF_INET6;
		memcpy(&s.v6.sin6_addr, src, 16);
		memcpy(&d.v6.sin6_addr, dst, 16);
		slen = sizeof(s.v6);
		fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	}
	if (fd < 0 || bind(fd, (struct sockaddr*)&s, slen) < 0)
	{
		if (asprintf(err, "unable to send ICMP echo requests from that "
					 "source: %s", strerror(errno)) < 0)
		{
			*err = NULL;
		}
		if (fd >= 0)
		{
			close(fd);
		}
		return -1;
	}
	id = (getpid() ^ (uint16_t)now_ms()) & 0xffff;
	next = now_ms();
	end = next + (long long)(count - 1) * INTERVAL + WAIT;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (now_ms() < end)
	{
		if (sent < count && now_ms() >= next)
		{
			memset(pkt, 0, sizeof(pkt));
			pkt[0] = family == AF_INET ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
			pkt[4] = id >> 8;
			pkt[5] = id & 0xff;
			pkt[6] = sent >> 8;
			pkt[7] = sent & 0xff;
			memcpy(pkt + 8, "vpndiag data-plane probe", 24);
			if (family == AF_INET)
			{	/* the kernel fills ICMPv6's checksum */
				uint16_t sum = checksum(pkt, sizeof(pkt));

				memcpy(pkt + 2, &sum, 2);
			}
			/* a failed send (no route) is a request without reply */
			sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr*)&d, slen);
			sent++;
			next += INTERVAL;
		}
		if (poll(&pfd, 1, sent < count ? INTERVAL / 4 : 50) > 0)
		{
			len = recv(fd, buf, sizeof(buf), 0);
			if (len > 0)
			{
				take_reply(family, buf, len, id, count, seen);
			}
		}
		for (i = 0, replies = 0; i < count; i++)
		{
			replies += seen[i];
		}
		if (sent == count && replies == count)
		{
			break;
		}
	}
	close(fd);
	return replies;
}
