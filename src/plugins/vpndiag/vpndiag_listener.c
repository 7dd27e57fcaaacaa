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

#include "vpndiag_listener.h"
#include "vpndiag_event_format.h"
#include "vpndiag_log_match.h"
#include "vpndiag_sa_raw.h"

#include <time.h>

#include <daemon.h>
#include <encoding/payloads/notify_payload.h>
#include <encoding/payloads/delete_payload.h>
#include <encoding/payloads/eap_payload.h>
#include <encoding/payloads/ike_header.h>
#include <credentials/certificates/certificate.h>
#include <credentials/certificates/x509.h>

typedef struct private_vpndiag_listener_t private_vpndiag_listener_t;

/**
 * Private data.
 */
struct private_vpndiag_listener_t {
	vpndiag_listener_t public;
	vpndiag_queue_t *queue;
	/** unique id of the IKEv2 IKE_SA whose peer's DELETE for it message_hook()
	 *  just queued, 0 after any other message, state change, up/down or
	 *  rekey (see ike_state_change(); under the bus lock) */
	uint32_t peer_delete;
	/** unique id of the IKE_SA whose ike_updown(down) was the last hook
	 *  (under the bus lock): bus.c: ike_updown() calls the listeners, then
	 *  downs the IKE_SA's CHILD_SAs with child_updown(down); 0 after any
	 *  other hook (see child_updown()) */
	uint32_t ike_down;
	/** per debug group: the matcher of its vpndiag_log_facts, NULL if it
	 *  has none (built from the table at creation) */
	vpndiag_log_match_t *match[DBG_MAX];
};

/**
 * Get a zeroed event of a type from the queue's free list (fed back by the
 * worker, vpndiag_queue.h), stamped with the current time
 */
static vpndiag_event_t *event_create(private_vpndiag_listener_t *this,
									 vpndiag_event_type_t type)
{
	vpndiag_event_t *event;

	event = this->queue->get(this->queue);
	event->type = type;
	event->time_ms = vpndiag_time_ms();
	return event;
}

/**
 * Flags of the tasks of one queue of an IKE_SA
 */
static u_int queue_tasks(ike_sa_t *ike_sa, task_queue_t queue)
{
	enumerator_t *enumerator;
	task_t *task;
	u_int tasks = 0;

	enumerator = ike_sa->create_task_enumerator(ike_sa, queue);
	while (enumerator->enumerate(enumerator, &task))
	{
		switch (task->get_type(task))
		{
			case TASK_IKE_DPD:
			case TASK_ISAKMP_DPD:
				tasks |= VPNDIAG_TASK_DPD;
				break;
			case TASK_IKE_MOBIKE:
				tasks |= VPNDIAG_TASK_MOBIKE;
				break;
			case TASK_IKE_REKEY:
				tasks |= VPNDIAG_TASK_REKEY;
				break;
			case TASK_IKE_REAUTH:
				tasks |= VPNDIAG_TASK_REAUTH;
				break;
			case TASK_IKE_DELETE:
				tasks |= VPNDIAG_TASK_DELETE;
				break;
			case TASK_IKE_AUTH:
			case TASK_MAIN_MODE:
				tasks |= VPNDIAG_TASK_AUTH;
				break;
			case TASK_AGGRESSIVE_MODE:
				tasks |= VPNDIAG_TASK_AUTH | VPNDIAG_TASK_AGGRESSIVE;
				break;
			case TASK_XAUTH:
				tasks |= VPNDIAG_TASK_AUTH | VPNDIAG_TASK_XAUTH;
				break;
			case TASK_CHILD_CREATE:
			case TASK_QUICK_MODE:
				tasks |= VPNDIAG_TASK_CHILD;
				break;
			case TASK_CHILD_REKEY:
				tasks |= VPNDIAG_TASK_CHILD_REKEY;
				break;
			default:
				break;
		}
	}
	enumerator->destroy(enumerator);
	return tasks;
}

/**
 * Flags of the IKE_SA's active tasks (ours) and, for the exchanges we
 * respond to, its passive tasks
 */
static u_int active_tasks(ike_sa_t *ike_sa, bool passive)
{
	return queue_tasks(ike_sa, TASK_QUEUE_ACTIVE) |
		   (passive ? queue_tasks(ike_sa, TASK_QUEUE_PASSIVE) : 0);
}

/**
 * Copy the IKE_SA context
 */
static void fill_sa(vpndiag_sa_t *sa, ike_sa_t *ike_sa, int tasks)
{
	peer_cfg_t *peer_cfg;

	if (!ike_sa)
	{
		return;
	}
	sa->unique_id = ike_sa->get_unique_id(ike_sa);
	sa->spi_i = ike_sa->get_id(ike_sa)->get_initiator_spi(ike_sa->get_id(ike_sa));
	sa->spi_r = ike_sa->get_id(ike_sa)->get_responder_spi(ike_sa->get_id(ike_sa));
	sa->version = ike_sa->get_version(ike_sa);
	sa->initiator = ike_sa->get_id(ike_sa)->is_initiator(ike_sa->get_id(ike_sa));
	sa->has_ike_cfg = ike_sa->get_ike_cfg(ike_sa) != NULL;
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (peer_cfg)
	{
		sa->has_peer_cfg = TRUE;
#ifdef VPNDIAG_PEER_CFG_OPTIONS
		sa->mobike = !peer_cfg->has_option(peer_cfg, OPT_NO_MOBIKE);
#else
		sa->mobike = peer_cfg->use_mobike(peer_cfg);
#endif
		vpndiag_strlcpy(sa->conn, peer_cfg->get_name(peer_cfg),
						sizeof(sa->conn));
	}
	sa->established = ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED) != 0;
	sa->has_hard_lifetime = ike_sa->get_statistic(ike_sa, STAT_DELETE) != 0;
	sa->nat = ike_sa->has_condition(ike_sa, COND_NAT_ANY);
	sa->reauth = ike_sa->has_condition(ike_sa, COND_REAUTHENTICATING);
	sa->nat_forced = ike_sa->has_condition(ike_sa, COND_NAT_FAKE);
	sa->nat_here = ike_sa->has_condition(ike_sa, COND_NAT_HERE);
	sa->fragmentation = ike_sa->supports_extension(ike_sa,
												   EXT_IKE_FRAGMENTATION);
	sa->state = (vpndiag_state_t)ike_sa->get_state(ike_sa);
	vpndiag_copy_host(&sa->local_addr, ike_sa->get_my_host(ike_sa));
	vpndiag_copy_host(&sa->remote_addr, ike_sa->get_other_host(ike_sa));
	vpndiag_copy_id(sa, FALSE, ike_sa->get_my_id(ike_sa));
	vpndiag_copy_id(sa, TRUE, ike_sa->get_other_id(ike_sa));
	if (tasks)
	{	/* 1: active tasks, 2: also passive ones */
		sa->tasks = active_tasks(ike_sa, tasks > 1);
	}
}

/**
 * The IKEv2 IKE_SA_INIT request this thread is processing, and its IKE_SA
 * (issue 22: the received proposals of ALERT_PROPOSAL_MISMATCH_IKE are
 * taken raw from its packet, see copy_sa_raw()).
 *
 * Set by the incoming plain message hook of such a request and cleared by
 * every other message hook call of the thread, incoming or outgoing, raw or
 * plain: a pointer store, for every message. The message is alive while
 * the slot holds it: sa/ikev2/task_manager_v2.c: process_message() calls
 * bus->message(msg, TRUE, TRUE) (incoming, plain) on its thread right
 * before process_request(msg), and the message is destroyed only after
 * that returns (processing/jobs/process_message_job.c: the job's destroy(),
 * after execute() has called ike_sa->process_message()). The pointer is only read by an alert raised
 * on the same thread for the same IKE_SA as responder, and the one such
 * alert is raised inside that process_request() (see copy_sa_raw()). A
 * slot left set after the processing (no response sent: the next hook on
 * this thread clears it) can only be read by a proposal alert of a
 * responder raised outside the processing of an IKE_SA_INIT request, which
 * 5.9.8 and 6.0.1 do not raise; and any processing of a message on this
 * thread goes through the incoming hook (task_manager_v2.c:
 * process_message() calls bus->message(msg, TRUE, FALSE) first, for every
 * message), which clears or replaces it.
 */
static __thread struct {
	ike_sa_t *ike_sa;
	message_t *message;
} init_request;

/**
 * Facts of a packet (retransmits): exchange type, message ID, port, size
 */
static void copy_packet(vpndiag_event_t *ev, packet_t *packet)
{
	chunk_t data;

	if (!packet)
	{
		ev->exchange = -1;
		return;
	}
	data = packet->get_data(packet);
	ev->size = data.len;
	if (data.len >= 24)
	{
		ev->exchange = data.ptr[18];
		ev->mid = untoh32(data.ptr + 20);
	}
	ev->dst_port = packet->get_destination(packet)->get_port(
											packet->get_destination(packet));
	ev->src_port = packet->get_source(packet)->get_port(
											packet->get_source(packet));
}

/**
 * Facts of a message that has no IKE_SA (alerts before checkout)
 */
static void copy_message(vpndiag_event_t *ev, message_t *message)
{
	ike_sa_id_t *id;

	if (!message)
	{
		return;
	}
	id = message->get_ike_sa_id(message);
	if (id)
	{
		ev->sa.spi_i = id->get_initiator_spi(id);
	}
	vpndiag_copy_host(&ev->sa.remote_addr, message->get_source(message));
	vpndiag_copy_host(&ev->sa.local_addr, message->get_destination(message));
	ev->sa.version = message->get_major_version(message) == IKEV1_MAJOR_VERSION
					 ? 1 : 2;
	ev->exchange = message->get_exchange_type(message);
	ev->mid = message->get_message_id(message);
	ev->request = message->get_request(message);
}

/**
 * Which certificate of a chain a certificate alert names: the flags of an
 * X.509 certificate (no lookup, no I/O)
 */
static vpndiag_cert_role_t cert_role(certificate_t *cert)
{
	x509_flag_t flags;

	if (cert->get_type(cert) != CERT_X509)
	{
		return VPNDIAG_CERT_ROLE_UNKNOWN;
	}
	flags = ((x509_t*)cert)->get_flags((x509_t*)cert);
	if (!(flags & X509_CA))
	{
		return VPNDIAG_CERT_ROLE_END_ENTITY;
	}
	return (flags & X509_SELF_SIGNED) ? VPNDIAG_CERT_ROLE_ROOT :
										VPNDIAG_CERT_ROLE_INTERMEDIATE;
}

/**
 * charon's alert_t to vpndiag_alert_t, by name (no arithmetic on alert_t:
 * ALERT_RADIUS_NOT_RESPONDING is 0); alerts not listed are not classified
 */
static const vpndiag_alert_t alerts[] = {
	[ALERT_RADIUS_NOT_RESPONDING] = VPNDIAG_ALERT_RADIUS_NOT_RESPONDING,
	[ALERT_SHUTDOWN_SIGNAL] = VPNDIAG_ALERT_SHUTDOWN_SIGNAL,
	[ALERT_LOCAL_AUTH_FAILED] = VPNDIAG_ALERT_LOCAL_AUTH_FAILED,
	[ALERT_PEER_AUTH_FAILED] = VPNDIAG_ALERT_PEER_AUTH_FAILED,
	[ALERT_PEER_ADDR_FAILED] = VPNDIAG_ALERT_PEER_ADDR_FAILED,
	[ALERT_PEER_INIT_UNREACHABLE] = VPNDIAG_ALERT_PEER_INIT_UNREACHABLE,
	[ALERT_INVALID_IKE_SPI] = VPNDIAG_ALERT_INVALID_IKE_SPI,
	[ALERT_PARSE_ERROR_HEADER] = VPNDIAG_ALERT_PARSE_ERROR_HEADER,
	[ALERT_PARSE_ERROR_BODY] = VPNDIAG_ALERT_PARSE_ERROR_BODY,
	[ALERT_RETRANSMIT_SEND] = VPNDIAG_ALERT_RETRANSMIT_SEND,
	[ALERT_RETRANSMIT_SEND_CLEARED] = VPNDIAG_ALERT_RETRANSMIT_SEND_CLEARED,
	[ALERT_RETRANSMIT_SEND_TIMEOUT] = VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT,
	[ALERT_RETRANSMIT_RECEIVE] = VPNDIAG_ALERT_RETRANSMIT_RECEIVE,
	[ALERT_HALF_OPEN_TIMEOUT] = VPNDIAG_ALERT_HALF_OPEN_TIMEOUT,
	[ALERT_PROPOSAL_MISMATCH_IKE] = VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE,
	[ALERT_PROPOSAL_MISMATCH_CHILD] = VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD,
	[ALERT_TS_MISMATCH] = VPNDIAG_ALERT_TS_MISMATCH,
	[ALERT_TS_NARROWED] = VPNDIAG_ALERT_TS_NARROWED,
	[ALERT_INSTALL_CHILD_SA_FAILED] = VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED,
	[ALERT_INSTALL_CHILD_POLICY_FAILED] = VPNDIAG_ALERT_INSTALL_CHILD_POLICY_FAILED,
	[ALERT_UNIQUE_REPLACE] = VPNDIAG_ALERT_UNIQUE_REPLACE,
	[ALERT_UNIQUE_KEEP] = VPNDIAG_ALERT_UNIQUE_KEEP,
	[ALERT_KEEP_ON_CHILD_SA_FAILURE] = VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE,
	[ALERT_VIP_FAILURE] = VPNDIAG_ALERT_VIP_FAILURE,
	[ALERT_AUTHORIZATION_FAILED] = VPNDIAG_ALERT_AUTHORIZATION_FAILED,
	[ALERT_IKE_SA_EXPIRED] = VPNDIAG_ALERT_IKE_SA_EXPIRED,
	[ALERT_CERT_EXPIRED] = VPNDIAG_ALERT_CERT_EXPIRED,
	[ALERT_CERT_REVOKED] = VPNDIAG_ALERT_CERT_REVOKED,
	[ALERT_CERT_VALIDATION_FAILED] = VPNDIAG_ALERT_CERT_VALIDATION_FAILED,
	[ALERT_CERT_NO_ISSUER] = VPNDIAG_ALERT_CERT_NO_ISSUER,
	[ALERT_CERT_UNTRUSTED_ROOT] = VPNDIAG_ALERT_CERT_UNTRUSTED_ROOT,
	[ALERT_CERT_EXCEEDED_PATH_LEN] = VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN,
	[ALERT_CERT_POLICY_VIOLATION] = VPNDIAG_ALERT_CERT_POLICY_VIOLATION,
};

/**
 * ALERT_PROPOSAL_MISMATCH_IKE: copy the SA payload of the IKE_SA_INIT
 * request being processed raw instead of its proposals (the worker parses
 * it, vpndiag_sa_raw.h): ~5 400 instructions less under the bus lock.
 *
 * In strongSwan 5.9.8 and 6.0.1 the alert is raised by
 * sa/ikev2/tasks/ike_init.c: process_sa_payload() with the proposals of
 * the SA payload being processed (sa_payload->get_proposals()), and by
 * raise_alerts() with the *configured* proposals (initiator,
 * NO_PROPOSAL_CHOSEN received). process_sa_payload() runs from
 * process_payloads() for the responder's IKE_SA_INIT request (process_r())
 * but also for the initiator's response (process_i()) and in IKE_SA
 * rekeying (CREATE_CHILD_SA, encrypted); only the first is taken raw: the
 * slot (init_request) holds an IKEv2 IKE_SA_INIT request only, of this
 * IKE_SA, and we must be the responder. message.c: verify() allows one SA
 * payload in that request (ike_sa_init_i_rules[]), vpndiag_sa_raw_find()
 * insists on exactly one, so the bytes are those of the list the alert
 * carries. Anything else (no slot, initiator, no or several SA payloads,
 * longer than VPNDIAG_SA_RAW_MAX) copies the proposals as before.
 *
 * @return			TRUE if copied raw
 */
static bool copy_sa_raw(vpndiag_event_t *ev, ike_sa_t *ike_sa)
{
	chunk_t data;
	uint64_t spi_i;
	size_t offset, len;

	if (!ike_sa || init_request.ike_sa != ike_sa || ev->sa.initiator)
	{
		return FALSE;
	}
	data = init_request.message->get_packet_data(init_request.message);
	/* the initiator SPI as charon keeps it: the header's 8 bytes
	 * (encoding/parser.c: IKE_SPI, parse_bytes()) */
	spi_i = ev->sa.spi_i;
	if (!vpndiag_sa_raw_find(data.ptr, data.len, (uint8_t*)&spi_i, &offset,
							 &len) || len > VPNDIAG_SA_RAW_MAX)
	{
		return FALSE;
	}
	ev->sa_raw = malloc(len);
	memcpy(ev->sa_raw, data.ptr + offset, len);
	ev->sa_raw_len = len;
	return TRUE;
}

METHOD(listener_t, alert, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, alert_t alert,
	va_list args)
{
	vpndiag_event_t *ev;
	linked_list_t *list;
	certificate_t *cert;
	child_sa_t *child_sa;
	ike_cfg_t *ike_cfg;
	time_t not_before, not_after;
	int tasks = 0;

	this->ike_down = 0;
	if (alert < 0 || alert >= (int)countof(alerts) ||
		alerts[alert] == VPNDIAG_ALERT_OTHER)
	{
		return TRUE;
	}
	if (alert == ALERT_RETRANSMIT_SEND_TIMEOUT)
	{
		tasks = 1;
	}
	else if (alert == ALERT_PROPOSAL_MISMATCH_CHILD ||
			 alert == ALERT_HALF_OPEN_TIMEOUT)
	{	/* IKE_AUTH or CREATE_CHILD_SA, as initiator or responder; a
		 * half-open responder's Main/Aggressive Mode task is passive */
		tasks = 2;
	}
	ev = event_create(this, VPNDIAG_EV_ALERT);
	ev->alert = alerts[alert];
	fill_sa(&ev->sa, ike_sa, tasks);

	switch (alert)
	{
		case ALERT_PEER_INIT_UNREACHABLE:
		case ALERT_SHUTDOWN_SIGNAL:
		case ALERT_KEEP_ON_CHILD_SA_FAILURE:
			ev->arg = va_arg(args, int);
			break;
		case ALERT_RETRANSMIT_SEND:
			copy_packet(ev, va_arg(args, packet_t*));
			ev->arg = va_arg(args, u_int);
			break;
		case ALERT_RETRANSMIT_SEND_TIMEOUT:
		case ALERT_RETRANSMIT_SEND_CLEARED:
			copy_packet(ev, va_arg(args, packet_t*));
			break;
		case ALERT_INVALID_IKE_SPI:
			copy_message(ev, va_arg(args, message_t*));
			break;
		case ALERT_PARSE_ERROR_HEADER:
		{	/* receiver.c:receive_packets(): the header did not parse, so
			 * the message knows no version or exchange type; the raw
			 * bytes tell a datagram too short for a header, and the
			 * version and exchange type the header claims */
			message_t *message = va_arg(args, message_t*);
			chunk_t data;

			copy_message(ev, message);
			if (message)
			{
				data = message->get_packet_data(message);
				ev->size = data.len;
				ev->exchange = -1;
				if (data.len >= IKE_HEADER_LENGTH)
				{
					ev->sa.version = data.ptr[17] >> 4;
					ev->exchange = data.ptr[18];
				}
			}
			break;
		}
		case ALERT_PARSE_ERROR_BODY:
		{
			message_t *message = va_arg(args, message_t*);

			if (!ike_sa)
			{
				copy_message(ev, message);
			}
			else if (message)
			{
				ev->exchange = message->get_exchange_type(message);
				ev->mid = message->get_message_id(message);
			}
			ev->arg = va_arg(args, status_t);
			break;
		}
		case ALERT_PROPOSAL_MISMATCH_IKE:
			list = va_arg(args, linked_list_t*);
			if (!copy_sa_raw(ev, ike_sa))
			{
				ev->proposals = vpndiag_copy_proposals(list);
			}
			/* a reference, not a clone of the configured proposals: the
			 * worker copies them (vpndiag_event_format()); an ike_cfg_t is
			 * immutable once created (config/ike_cfg.c: no setters for
			 * the proposals), so the copy there equals one made here */
			ike_cfg = ike_sa ? ike_sa->get_ike_cfg(ike_sa) : NULL;
			if (ike_cfg)
			{
				ev->ike_cfg = ike_cfg->get_ref(ike_cfg);
			}
			break;
		case ALERT_PROPOSAL_MISMATCH_CHILD:
			ev->proposals = vpndiag_copy_proposals(va_arg(args, linked_list_t*));
			break;
		case ALERT_TS_MISMATCH:
			/* TSi, TSr: raw, printed on the worker */
			vpndiag_copy_ts(&ev->ts[0], va_arg(args, linked_list_t*));
			vpndiag_copy_ts(&ev->ts[1], va_arg(args, linked_list_t*));
			break;
		case ALERT_TS_NARROWED:
			ev->arg = va_arg(args, int);
			vpndiag_copy_ts(&ev->ts[0], va_arg(args, linked_list_t*));
			break;
		case ALERT_VIP_FAILURE:
			list = va_arg(args, linked_list_t*);
			if (list)
			{
				enumerator_t *enumerator;
				host_t *host;
				size_t pos = 0;

				enumerator = list->create_enumerator(list);
				while (enumerator->enumerate(enumerator, &host) &&
					   pos < sizeof(ev->text))
				{
					pos += snprintf(ev->text + pos, sizeof(ev->text) - pos,
									"%s%H", pos ? " " : "", host);
				}
				enumerator->destroy(enumerator);
			}
			break;
		case ALERT_INSTALL_CHILD_SA_FAILED:
		case ALERT_INSTALL_CHILD_POLICY_FAILED:
			child_sa = va_arg(args, child_sa_t*);
			if (child_sa)
			{
				vpndiag_strlcpy(ev->child, child_sa->get_name(child_sa),
								sizeof(ev->child));
			}
			break;
		case ALERT_CERT_EXPIRED:
		case ALERT_CERT_REVOKED:
		case ALERT_CERT_VALIDATION_FAILED:
		case ALERT_CERT_NO_ISSUER:
		case ALERT_CERT_UNTRUSTED_ROOT:
		case ALERT_CERT_EXCEEDED_PATH_LEN:
		case ALERT_CERT_POLICY_VIOLATION:
			cert = va_arg(args, certificate_t*);
			if (cert)
			{
				snprintf(ev->text, sizeof(ev->text), "%Y",
						 cert->get_subject(cert));
				snprintf(ev->text2, sizeof(ev->text2), "%Y",
						 cert->get_issuer(cert));
				if (cert->get_validity(cert, NULL, &not_before, &not_after) ||
					not_after)
				{
					ev->not_before = not_before;
					ev->not_after = not_after;
				}
				ev->cert_role = cert_role(cert);
			}
			break;
		default:
			break;
	}
	this->queue->push(this->queue, ev);
	return TRUE;
}

/**
 * Protocol of a DELETE payload that ends an IKE_SA or a live CHILD_SA (the
 * CHILD_SA is returned); 0 for the deletes that finish a rekeying
 */
static int deleted_child(ike_sa_t *ike_sa, delete_payload_t *del,
						 bool incoming, child_sa_t **child)
{
	protocol_id_t proto = del->get_protocol_id(del);
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	uint32_t spi;
	int found = 0;

	if (proto == PROTO_IKE || !ike_sa)
	{
		return proto;
	}
	enumerator = del->create_spi_enumerator(del);
	while (!found && enumerator->enumerate(enumerator, &spi))
	{
		/* the peer names its inbound SPI (our outbound), we name ours */
		child_sa = ike_sa->get_child_sa(ike_sa, proto, spi, !incoming);
		if (child_sa && child_sa->get_state(child_sa) != CHILD_REKEYED &&
			child_sa->get_state(child_sa) != CHILD_REKEYING &&
			child_sa->get_state(child_sa) != CHILD_DELETED)
		{
			*child = child_sa;
			found = proto;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

METHOD(listener_t, message_hook, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, message_t *message,
	bool incoming, bool plain)
{
	vpndiag_event_t *ev;
	enumerator_t *enumerator;
	payload_t *payload;
	uint16_t notifies[VPNDIAG_MAX_NOTIFIES];
	child_sa_t *child_sa = NULL;
	int count = 0, delete_proto = 0, eap_code = 0;
	bool fragmented = FALSE, certs = FALSE, auth = FALSE;
	uint32_t id;

	/* the IKE_SA_INIT request of a proposal alert (init_request) */
	if (incoming && plain && ike_sa &&
		message->get_exchange_type(message) == IKE_SA_INIT &&
		message->get_request(message) &&
		message->get_major_version(message) == IKEV2_MAJOR_VERSION)
	{
		init_request.ike_sa = ike_sa;
		init_request.message = message;
	}
	else
	{
		init_request.ike_sa = NULL;
		init_request.message = NULL;
	}
	this->peer_delete = 0;
	this->ike_down = 0;
	if (!plain)
	{
		return TRUE;
	}
	enumerator = message->create_payload_enumerator(message);
	while (enumerator->enumerate(enumerator, &payload))
	{
		switch (payload->get_type(payload))
		{
			case PLV2_NOTIFY:
			case PLV1_NOTIFY:
			{
				notify_payload_t *notify = (notify_payload_t*)payload;
				notify_type_t type = notify->get_notify_type(notify);

				/* error types only */
				if (type < 16384 && count < VPNDIAG_MAX_NOTIFIES)
				{
					notifies[count++] = type;
				}
				break;
			}
			case PLV2_DELETE:
			case PLV1_DELETE:
				if (!delete_proto)
				{
					delete_proto = deleted_child(ike_sa, (delete_payload_t*)payload,
												 incoming, &child_sa);
				}
				break;
			case PLV2_EAP:
				eap_code = ((eap_payload_t*)payload)->get_code(
												(eap_payload_t*)payload);
				break;
			case PLV2_FRAGMENT:
			case PLV1_FRAGMENT:
				fragmented = TRUE;
				break;
			case PLV2_CERTIFICATE:
			case PLV1_CERTIFICATE:
				certs = TRUE;
				break;
			case PLV2_AUTH:
				auth = TRUE;
				break;
			default:
				break;
		}
	}
	enumerator->destroy(enumerator);

	/* routine traffic carries no failure fact: nothing to queue (a
	 * received certificate is one: which "no trusted key" it explains) */
	if (!count && !delete_proto && !eap_code && !(certs && incoming))
	{
		return TRUE;
	}
	ev = event_create(this, VPNDIAG_EV_MESSAGE);
	fill_sa(&ev->sa, ike_sa, FALSE);
	ev->incoming = incoming;
	ev->request = message->get_request(message);
	ev->exchange = message->get_exchange_type(message);
	ev->mid = message->get_message_id(message);
	memcpy(ev->notifies, notifies, count * sizeof(notifies[0]));
	ev->notify_count = count;
	ev->delete_proto = delete_proto;
	ev->eap_code = eap_code;
	ev->fragmented = fragmented;
	ev->certs = certs;
	ev->auth = auth;
	if (child_sa)
	{
		ev->child_id = child_sa->get_unique_id(child_sa);
		vpndiag_strlcpy(ev->child, child_sa->get_name(child_sa),
						sizeof(ev->child));
	}
	/* read before push(): the event is the worker's then */
	id = incoming && ev->request && delete_proto == PROTO_IKE &&
		 ev->sa.version == IKEV2 ? ev->sa.unique_id : 0;
	if (this->queue->push(this->queue, ev))
	{
		this->peer_delete = id;
	}
	return TRUE;
}

METHOD(listener_t, ike_state_change, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, ike_sa_state_t state)
{
	vpndiag_event_t *ev;

	this->ike_down = 0;
	/* only transitions the classifier acts on */
	if (state != IKE_DELETING && state != IKE_DESTROYING)
	{
		this->peer_delete = 0;
		return TRUE;
	}
	/* the peer's DELETE of an IKEv2 IKE_SA, being processed: task_manager_v2.c:
	 * process_message() raises message_hook() for the request (after its
	 * retransmit check), then process_request() runs ike_delete.c:
	 * process_r(), which sets IKE_DELETING in every state. The DELETE's
	 * message event, queued just before with no other message, state
	 * change, up/down or rekey in between, leaves a cause pending in the
	 * classifier (vpndiag_rules_delete_received(): vpndiag_rules_set_down()
	 * keeps one or sets one), so vpndiag_rules_ike_deleting() would change
	 * nothing: not queued (issue 22, ~3 000 instructions per delete) */
	if (state == IKE_DELETING && this->peer_delete &&
		this->peer_delete == ike_sa->get_unique_id(ike_sa))
	{
		this->peer_delete = 0;
		return TRUE;
	}
	this->peer_delete = 0;
	ev = event_create(this, VPNDIAG_EV_IKE_STATE);
	if (state == IKE_DESTROYING &&
		ike_sa->get_state(ike_sa) != IKE_CONNECTING)
	{	/* the classifier only forgets the IKE_SA (its id, and the SPI for
		 * stray messages): the context is read only for a setup that
		 * failed (on_ike_state(), vpndiag_rules_ike_rejected()); without
		 * it the worker has nothing to format either (issue 22, ~800
		 * instructions per IKE_SA) */
		ev->sa.unique_id = ike_sa->get_unique_id(ike_sa);
		ev->sa.spi_i = ike_sa->get_id(ike_sa)->get_initiator_spi(
												ike_sa->get_id(ike_sa));
		ev->sa.state = (vpndiag_state_t)ike_sa->get_state(ike_sa);
	}
	else
	{
		fill_sa(&ev->sa, ike_sa, FALSE);
	}
	ev->new_state = state;
	this->queue->push(this->queue, ev);
	return TRUE;
}

METHOD(listener_t, ike_updown, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, bool up)
{
	vpndiag_event_t *ev;

	this->peer_delete = 0;
	this->ike_down = up ? 0 : ike_sa->get_unique_id(ike_sa);
	ev = event_create(this, VPNDIAG_EV_IKE_UPDOWN);
	fill_sa(&ev->sa, ike_sa, FALSE);
	ev->up = up;
	this->queue->push(this->queue, ev);
	return TRUE;
}

METHOD(listener_t, child_updown, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, child_sa_t *child_sa,
	bool up)
{
	vpndiag_event_t *ev;
	child_cfg_t *cfg = child_sa->get_config(child_sa);
	bool hard_expired = FALSE;
	time_t hard;

	/* an up is only a diagnosis if transport mode was asked for and not
	 * established (vpndiag_rules_child_up()); otherwise the classifier
	 * would only refresh the IKE_SA's state with it, which every later
	 * event of this IKE_SA does again before a rule reads it (it has its
	 * peer config by now, see get_state()): not queued (issue 22, ~3 000
	 * instructions per CHILD_SA) */
	if (up)
	{
		this->ike_down = 0;
		if (!(cfg && cfg->get_mode(cfg) == MODE_TRANSPORT &&
			  child_sa->get_mode(child_sa) != MODE_TRANSPORT))
		{
			return TRUE;
		}
	}
	else
	{
		hard = child_sa->get_lifetime(child_sa, TRUE);
		hard_expired = hard && hard <= time_monotonic(NULL);
		/* a CHILD_SA downed with its IKE_SA (bus.c: ike_updown() downs
		 * each CHILD_SA not CHILD_REKEYED or CHILD_DELETED right after the
		 * listeners' ike_updown(down), no hook in between): the classifier
		 * acts on a down only if it expired or a DELETE for it is pending
		 * (vpndiag_rules_child_down()), and such a cause comes only from
		 * the message event of a DELETE for this CHILD_SA. Ours
		 * (child_delete.c: build_payloads(), quick_delete.c: build_i())
		 * leaves it CHILD_DELETING until it is destroyed; the peer's is
		 * followed at once by its own child_updown(down) from
		 * child_delete.c: destroy_and_reestablish() (quick_delete.c:
		 * process_r()), after which the CHILD_SA is CHILD_DELETED, or by
		 * none if redundant (then CHILD_DELETED too). So a CHILD_SA in
		 * another state has nothing pending: not queued (issue 22, ~2 000
		 * instructions per CHILD_SA of an IKE_SA that goes down); any
		 * other hook in between, or a CHILD_DELETING one, is queued */
		if (!hard_expired && this->ike_down &&
			this->ike_down == ike_sa->get_unique_id(ike_sa) &&
			child_sa->get_state(child_sa) != CHILD_DELETING)
		{
			return TRUE;
		}
	}
	ev = event_create(this, VPNDIAG_EV_CHILD_UPDOWN);
	fill_sa(&ev->sa, ike_sa, FALSE);
	ev->up = up;
	ev->child_id = child_sa->get_unique_id(child_sa);
	vpndiag_strlcpy(ev->child, child_sa->get_name(child_sa),
					sizeof(ev->child));
	if (up)
	{
		if (cfg && cfg->get_mode(cfg) != child_sa->get_mode(child_sa))
		{
			ev->mode_wanted = cfg->get_mode(cfg);
			ev->mode_got = child_sa->get_mode(child_sa);
		}
	}
	else
	{
		ev->hard_expired = hard_expired;
	}
	this->queue->push(this->queue, ev);
	return TRUE;
}

METHOD(listener_t, ike_rekey, bool,
	private_vpndiag_listener_t *this, ike_sa_t *old, ike_sa_t *new)
{
	vpndiag_event_t *ev;

	this->peer_delete = 0;
	this->ike_down = 0;
	ev = event_create(this, VPNDIAG_EV_IKE_REKEY);
	fill_sa(&ev->sa, new, FALSE);
	ev->arg = old->get_unique_id(old);
	this->queue->push(this->queue, ev);
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, child_sa_t *old,
	child_sa_t *new)
{
	vpndiag_event_t *ev;

	this->ike_down = 0;
	ev = event_create(this, VPNDIAG_EV_CHILD_REKEY);
	fill_sa(&ev->sa, ike_sa, FALSE);
	ev->child_id = new->get_unique_id(new);
	ev->arg = old->get_unique_id(old);
	vpndiag_strlcpy(ev->child, new->get_name(new), sizeof(ev->child));
	this->queue->push(this->queue, ev);
	return TRUE;
}

METHOD(listener_t, ike_update, bool,
	private_vpndiag_listener_t *this, ike_sa_t *ike_sa, host_t *local,
	host_t *remote)
{
	vpndiag_event_t *ev;
	host_t *old = ike_sa->get_other_host(ike_sa);

	this->ike_down = 0;
	/* only a change of the peer's address or port is a diagnosis */
	if (!remote || !old || old->equals(old, remote) ||
		ike_sa->get_state(ike_sa) != IKE_ESTABLISHED)
	{
		return TRUE;
	}
	ev = event_create(this, VPNDIAG_EV_IKE_UPDATE);
	fill_sa(&ev->sa, ike_sa, FALSE);
	snprintf(ev->text, sizeof(ev->text), "%#H", remote);
	this->queue->push(this->queue, ev);
	return TRUE;
}

/**
 * logger_t.log; the logger is not the first member of the listener object,
 * so "this" is recovered from the member's offset
 */
static void log_(logger_t *logger, debug_t group, level_t level, int thread,
				 ike_sa_t *ike_sa, const char *message)
{
	private_vpndiag_listener_t *this = (private_vpndiag_listener_t*)
			((char*)logger - offsetof(private_vpndiag_listener_t, public.logger));
	const vpndiag_log_needle_t *fact;
	vpndiag_log_match_t *match;
	vpndiag_event_t *ev;

	match = group >= 0 && group < DBG_MAX ? this->match[group] : NULL;
	fact = match ? match->match(match, message) : NULL;
	if (fact)
	{
		ev = event_create(this, VPNDIAG_EV_LOG);
		fill_sa(&ev->sa, ike_sa, FALSE);
		ev->logfact = fact->fact;
		vpndiag_strlcpy(ev->text, message, sizeof(ev->text));
		this->queue->push(this->queue, ev);
	}
}

/**
 * logger_t.get_level (see log_() for "this")
 */
static level_t get_level(logger_t *logger, debug_t group)
{
	switch (group)
	{
		case DBG_IKE:
		case DBG_CFG:
		case DBG_ENC:
		case DBG_NET:
		case DBG_MGR:
		case DBG_KNL:
			return LEVEL_CTRL;
		default:
			return LEVEL_SILENT;
	}
}

METHOD(vpndiag_listener_t, destroy, void,
	private_vpndiag_listener_t *this)
{
	int g;

	for (g = 0; g < DBG_MAX; g++)
	{
		DESTROY_IF(this->match[g]);
	}
	free(this);
}

/*
 * Described in header
 */
vpndiag_listener_t *vpndiag_listener_create(vpndiag_queue_t *queue)
{
	private_vpndiag_listener_t *this;
	int g;

	INIT(this,
		.public = {
			.listener = {
				.alert = _alert,
				.message = _message_hook,
				.ike_state_change = _ike_state_change,
				.ike_updown = _ike_updown,
				.child_updown = _child_updown,
				.ike_rekey = _ike_rekey,
				.child_rekey = _child_rekey,
				.ike_update = _ike_update,
			},
			.logger = {
				.log = log_,
				.get_level = get_level,
			},
			.destroy = _destroy,
		},
		.queue = queue,
	);
	/* one pass over a line finds its group's fact (issue 22) */
	for (g = 0; g < DBG_MAX; g++)
	{
		this->match[g] = vpndiag_log_match_create(vpndiag_log_facts,
												  vpndiag_log_facts_count, g);
	}
	return &this->public;
}
