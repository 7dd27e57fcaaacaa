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

/**
 * @defgroup vpndiag_event vpndiag_event
 * @{ @ingroup vpndiag
 *
 * The facts the listener copies out of charon's bus, as plain values.
 *
 * An event is what crosses from a bus hook (under charon's bus lock) to the
 * worker: fixed-size, no pointers into charon, no charon types. The
 * classifier consumes nothing else, so it can be unit-tested by feeding
 * events.
 */

#ifndef VPNDIAG_EVENT_H_
#define VPNDIAG_EVENT_H_

#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <time.h>

typedef enum vpndiag_event_type_t vpndiag_event_type_t;
typedef enum vpndiag_alert_t vpndiag_alert_t;
typedef enum vpndiag_logfact_t vpndiag_logfact_t;
typedef enum vpndiag_state_t vpndiag_state_t;
typedef enum vpndiag_cert_role_t vpndiag_cert_role_t;
typedef struct vpndiag_sa_t vpndiag_sa_t;
typedef struct vpndiag_transform_t vpndiag_transform_t;
typedef struct vpndiag_proposals_t vpndiag_proposals_t;
typedef struct vpndiag_ts_t vpndiag_ts_t;
typedef struct vpndiag_ts_list_t vpndiag_ts_list_t;
typedef struct vpndiag_event_t vpndiag_event_t;

/** lengths of the copied strings (truncated, always terminated) */
#define VPNDIAG_NAME_LEN 64
#define VPNDIAG_HOST_LEN 64
#define VPNDIAG_ID_LEN 256
#define VPNDIAG_TEXT_LEN 512
/** notify types kept per message */
#define VPNDIAG_MAX_NOTIFIES 8
/** proposals and transforms kept per proposal list */
#define VPNDIAG_MAX_PROPOSALS 8
#define VPNDIAG_MAX_TRANSFORMS 24
/** traffic selectors kept per list */
#define VPNDIAG_MAX_TS 8

/**
 * Kind of event.
 */
enum vpndiag_event_type_t {
	VPNDIAG_EV_ALERT,			/* listener_t.alert */
	VPNDIAG_EV_MESSAGE,			/* listener_t.message, plain only */
	VPNDIAG_EV_IKE_STATE,		/* listener_t.ike_state_change */
	VPNDIAG_EV_CHILD_STATE,		/* listener_t.child_state_change */
	VPNDIAG_EV_IKE_UPDOWN,		/* listener_t.ike_updown */
	VPNDIAG_EV_CHILD_UPDOWN,	/* listener_t.child_updown */
	VPNDIAG_EV_IKE_REKEY,		/* listener_t.ike_rekey */
	VPNDIAG_EV_CHILD_REKEY,		/* listener_t.child_rekey */
	VPNDIAG_EV_IKE_UPDATE,		/* listener_t.ike_update */
	VPNDIAG_EV_LOG,				/* a log line no hook carries */
	VPNDIAG_EV_TRAFFIC,			/* one-way traffic (vpndiag_traffic.h) */
};

/**
 * Alerts, with the same meaning as charon's alert_t (own numbering).
 */
enum vpndiag_alert_t {
	VPNDIAG_ALERT_OTHER = 0,
	VPNDIAG_ALERT_RADIUS_NOT_RESPONDING,
	VPNDIAG_ALERT_SHUTDOWN_SIGNAL,
	VPNDIAG_ALERT_LOCAL_AUTH_FAILED,
	VPNDIAG_ALERT_PEER_AUTH_FAILED,
	VPNDIAG_ALERT_PEER_ADDR_FAILED,
	VPNDIAG_ALERT_PEER_INIT_UNREACHABLE,
	VPNDIAG_ALERT_INVALID_IKE_SPI,
	VPNDIAG_ALERT_PARSE_ERROR_HEADER,
	VPNDIAG_ALERT_PARSE_ERROR_BODY,
	VPNDIAG_ALERT_RETRANSMIT_SEND,
	VPNDIAG_ALERT_RETRANSMIT_SEND_CLEARED,
	VPNDIAG_ALERT_RETRANSMIT_SEND_TIMEOUT,
	VPNDIAG_ALERT_RETRANSMIT_RECEIVE,
	VPNDIAG_ALERT_HALF_OPEN_TIMEOUT,
	VPNDIAG_ALERT_PROPOSAL_MISMATCH_IKE,
	VPNDIAG_ALERT_PROPOSAL_MISMATCH_CHILD,
	VPNDIAG_ALERT_TS_MISMATCH,
	VPNDIAG_ALERT_TS_NARROWED,
	VPNDIAG_ALERT_INSTALL_CHILD_SA_FAILED,
	VPNDIAG_ALERT_INSTALL_CHILD_POLICY_FAILED,
	VPNDIAG_ALERT_UNIQUE_REPLACE,
	VPNDIAG_ALERT_UNIQUE_KEEP,
	VPNDIAG_ALERT_KEEP_ON_CHILD_SA_FAILURE,
	VPNDIAG_ALERT_VIP_FAILURE,
	VPNDIAG_ALERT_AUTHORIZATION_FAILED,
	VPNDIAG_ALERT_IKE_SA_EXPIRED,
	VPNDIAG_ALERT_CERT_EXPIRED,
	VPNDIAG_ALERT_CERT_REVOKED,
	VPNDIAG_ALERT_CERT_VALIDATION_FAILED,
	VPNDIAG_ALERT_CERT_NO_ISSUER,
	VPNDIAG_ALERT_CERT_UNTRUSTED_ROOT,
	VPNDIAG_ALERT_CERT_EXCEEDED_PATH_LEN,
	VPNDIAG_ALERT_CERT_POLICY_VIOLATION,
};

/**
 * Facts only charon's log reveals (matched by the listener's logger).
 */
enum vpndiag_logfact_t {
	VPNDIAG_LOG_NONE = 0,
	/** psk_authenticator: "tried N shared keys ..., but MAC mismatched" */
	VPNDIAG_LOG_PSK_MISMATCH,
	/** "no trusted <type> public key found for '<id>'" */
	VPNDIAG_LOG_NO_TRUSTED_KEY,
	/** "no IKE config found for A...B, sending NO_PROPOSAL_CHOSEN" */
	VPNDIAG_LOG_NO_IKE_CONFIG,
	/** IKEv1 "Aggressive Mode PSK disabled for security reasons" */
	VPNDIAG_LOG_AGGRESSIVE_PSK_DISABLED,
	/** IKEv1 "found N matching configs, but none allows X using Y Mode" */
	VPNDIAG_LOG_MODE_NOT_ALLOWED,
	/** "XAuth authentication of '<id>' failed" */
	VPNDIAG_LOG_XAUTH_FAILED,
	/** "received IDr X, but require Y" */
	VPNDIAG_LOG_IDR_MISMATCH,
	/** "no shared key found for 'A' - 'B'" / "no private key found" */
	VPNDIAG_LOG_NO_LOCAL_CREDENTIAL,
	/** "invalid ... payload length, decryption failed?"; never a pre-SA
	 *  fact: encrypted_payload.c logs it while message.c:parse_body()
	 *  decrypts, which runs in ike_sa.c:process_message() on the IKE_SA
	 *  ike_sa_manager.c:checkout_by_message() set on the bus, and the
	 *  ALERT_PARSE_ERROR_BODY that follows is the IKE_SA's record */
	VPNDIAG_LOG_DECRYPTION_FAILED,
	/** vici "closing IKE_SA #N" (6.x "vici closing IKE_SA 'name' #N") when
	 *  its connection is unloaded or replaced */
	VPNDIAG_LOG_CONFIG_CLOSING,
	/** receiver.c:drop_ike_sa_init(): "ignoring IKE_SA setup from X,
	 *  half-open IKE_SA limit of N reached" (charon.init_limit_half_open;
	 *  DBG1 net, no IKE_SA context) */
	VPNDIAG_LOG_INIT_LIMIT,
	/** ike_sa_manager.c:checkout_by_message(): "ignoring X, hitting IKE_SA
	 *  limit (N)" (charon.ikesa_limit; DBG1 mgr, no IKE_SA context) */
	VPNDIAG_LOG_IKESA_LIMIT,
	/** receiver.c:receive_packets(): "received unsupported IKE version X.Y
	 *  from A, sending INVALID_MAJOR_VERSION" (DBG1 net, no IKE_SA
	 *  context) */
	VPNDIAG_LOG_UNSUPPORTED_VERSION,
	/** kernel: "unable to add SAD entry ..." / "unable to install ..." */
	VPNDIAG_LOG_KERNEL_ERROR,
	/** mem_pool: "pool 'x' is full, unable to assign address" */
	VPNDIAG_LOG_POOL_FULL,
	/** ike_sa: "sending DPD request" */
	VPNDIAG_LOG_DPD_SENT,
	/** ike_sa: "sending address list update using MOBIKE" */
	VPNDIAG_LOG_MOBIKE_UPDATE,
	/** kernel_netlink_shared: "received netlink error: <strerror> (<errno>)" */
	VPNDIAG_LOG_KERNEL_ERRNO,
	/** ike_sa_manager: "destroying duplicate IKE_SA for peer 'X', received
	 *  INITIAL_CONTACT" (in the old IKE_SA's context) */
	VPNDIAG_LOG_INITIAL_CONTACT,
	/** vici "closing 'name' #N" (6.x "vici closing CHILD_SA 'name' #N"):
	 *  CHILD_SA #N of a child config unloaded or replaced */
	VPNDIAG_LOG_CONFIG_CLOSING_CHILD,
	/** the peer asked for certificates of CAs we do not know: IKEv2
	 *  ike_cert_pre.c "received N cert requests for an unknown ca", IKEv1
	 *  isakmp_cert_pre.c "received cert request for unknown ca 'X'" */
	VPNDIAG_LOG_CERTREQ_UNKNOWN_CA,
	/** auth_cfg.c complies(): "constraint check failed: ..." (identity,
	 *  CA, group, pinned certificate or revocation status) */
	VPNDIAG_LOG_CONSTRAINT,
	/** child_create.c (IKEv2): handle_childless() "peer did not initiate a
	 *  childless IKE_SA" (we respond with childless = force) or "peer tried
	 *  to initiate a childless IKE_SA" (childless = never); defer_child_sa()
	 *  "peer does not support childless IKE_SA initiation" (we initiate with
	 *  childless = force) */
	VPNDIAG_LOG_CHILDLESS,
	/** not a log line: vpndiag_ike_ports.h found an IKE port held by
	 *  another process (text: the holders, text2: "IPv4"/"IPv6",
	 *  dst_port: the port, arg: 1 for charon.port_nat_t) */
	VPNDIAG_LOG_IKE_PORT_IN_USE,
	/** receiver.c:drop_ike_sa_init(): "ignoring IKE_SA setup from X,
	 *  per-IP half-open IKE_SA limit of N reached" (charon.block_threshold;
	 *  DBG1 net, no IKE_SA context) */
	VPNDIAG_LOG_INIT_LIMIT_PER_IP,
	/** receiver.c:drop_ike_sa_init(): "ignoring IKE_SA setup from X, job
	 *  load of N exceeds limit of M" (charon.init_limit_job_load; DBG1 net,
	 *  no IKE_SA context) */
	VPNDIAG_LOG_INIT_JOB_LOAD,
	/** message.c:add_fragment(): "fragmented IKE message is too large"
	 *  (charon.max_packet; DBG1 enc) or "maximum fragment count exceeded"
	 *  (DBG1 ike), in the IKE_SA's context: the message is dropped */
	VPNDIAG_LOG_FRAGMENT_LIMIT,
	/** ike_sa.c:reauth(): "initiator did not reauthenticate as requested,
	 *  IKE_SA X will timeout in N s" (DBG1 ike, in the IKE_SA's context):
	 *  we cannot reauthenticate (the peer has a virtual IP or used EAP or
	 *  XAuth) and the peer did not within the AUTH_LIFETIME we sent */
	VPNDIAG_LOG_REAUTH_NOT_DONE,
	/** number of log facts, not a fact: each is a bit of the u_int
	 *  vpndiag_ike_state_t.logfacts, so at most 32 (checked at compile time
	 *  in vpndiag_classifier.c) */
	VPNDIAG_LOG_FACTS,
};

/**
 * Which certificate of a chain a certificate alert names.
 */
enum vpndiag_cert_role_t {
	/** unknown (no certificate, or not X.509) */
	VPNDIAG_CERT_ROLE_UNKNOWN = 0,
	/** an end-entity certificate (no CA basic constraint) */
	VPNDIAG_CERT_ROLE_END_ENTITY,
	/** an intermediate CA certificate (CA, not self-signed) */
	VPNDIAG_CERT_ROLE_INTERMEDIATE,
	/** a self-signed root CA certificate: only a trusted copy (ours, from
	 *  x509ca or cacerts) gets as far as a lifetime check */
	VPNDIAG_CERT_ROLE_ROOT,
};

/**
 * IKE_SA / CHILD_SA states in charon's numbering (ike_sa_state_t and
 * child_sa_state_t are identical in 5.9.x and 6.x).
 */
enum vpndiag_state_t {
	VPNDIAG_IKE_CREATED = 0,
	VPNDIAG_IKE_CONNECTING = 1,
	VPNDIAG_IKE_ESTABLISHED = 2,
	VPNDIAG_IKE_PASSIVE = 3,
	VPNDIAG_IKE_REKEYING = 4,
	VPNDIAG_IKE_REKEYED = 5,
	VPNDIAG_IKE_DELETING = 6,
	VPNDIAG_IKE_DESTROYING = 7,
};

/** task flags, copied from the IKE_SA's active tasks */
#define VPNDIAG_TASK_DPD		(1<<0)
#define VPNDIAG_TASK_REKEY		(1<<1)
#define VPNDIAG_TASK_DELETE		(1<<2)
#define VPNDIAG_TASK_AUTH		(1<<3)
#define VPNDIAG_TASK_CHILD		(1<<4)
#define VPNDIAG_TASK_MOBIKE		(1<<5)
#define VPNDIAG_TASK_REAUTH		(1<<6)
#define VPNDIAG_TASK_CHILD_REKEY (1<<7)
/** IKEv1 XAuth (also sets VPNDIAG_TASK_AUTH) */
#define VPNDIAG_TASK_XAUTH		(1<<8)
/** IKEv1 Aggressive Mode (also sets VPNDIAG_TASK_AUTH) */
#define VPNDIAG_TASK_AGGRESSIVE	(1<<9)

/**
 * The IKE_SA context of an event (empty with unique_id 0 if there is none).
 */
struct vpndiag_sa_t {
	/** IKE_SA unique id, 0 = no IKE_SA */
	uint32_t unique_id;
	/** initiator SPI of the IKE_SA (host order) */
	uint64_t spi_i;
	/** responder SPI (host order), 0 until the responder answered */
	uint64_t spi_r;
	/** peer config name, "" if none selected yet */
	char conn[VPNDIAG_NAME_LEN];
	/** IKE version, 1 or 2 (0 unknown) */
	int version;
	/** TRUE if we are the IKE_SA's initiator */
	bool initiator;
	/** TRUE if an ike_cfg is assigned (FALSE: responder found none) */
	bool has_ike_cfg;
	/** TRUE if a peer_cfg is assigned */
	bool has_peer_cfg;
	/** TRUE if the IKE_SA has been established at some point */
	bool established;
	/** TRUE if STAT_DELETE (hard lifetime) is set */
	bool has_hard_lifetime;
	/** TRUE if NAT was detected on either side (or faked: see nat_forced) */
	bool nat;
	/** TRUE if UDP encapsulation is forced without a NAT (COND_NAT_FAKE:
	 *  encap = yes, or a kernel backend that requires it, kernel-libipsec) */
	bool nat_forced;
	/** TRUE if we are behind a NAT (COND_NAT_HERE); a NAT on the peer's
	 *  side only (COND_NAT_THERE) is also what a peer forcing UDP
	 *  encapsulation fakes */
	bool nat_here;
	/** TRUE if the peer config enables MOBIKE (IKEv2 then floats to UDP
	 *  4500 after IKE_SA_INIT whenever the peer supports NAT-T) */
	bool mobike;
	/** TRUE if the IKE_SA uses IKE fragmentation */
	bool fragmentation;
	/** TRUE if we are reauthenticating it (COND_REAUTHENTICATING) */
	bool reauth;
	/** current state (before the change, for state events) */
	vpndiag_state_t state;
	/** active task flags, VPNDIAG_TASK_* */
	unsigned tasks;
	/** addresses in strongSwan's addr[port] form */
	char local[VPNDIAG_HOST_LEN];
	char remote[VPNDIAG_HOST_LEN];
	/** identities as strongSwan prints them, "" if unknown */
	char local_id[VPNDIAG_ID_LEN];
	char remote_id[VPNDIAG_ID_LEN];

	/* Raw facts the listener copies under the bus lock instead of the
	 * strings above (formatting there is costly, see vpndiag_event_format.h);
	 * the worker formats them into local, remote, local_id and remote_id
	 * where those are still empty. They stay the last members: the
	 * classifier keeps only what precedes local_addr (vpndiag_classifier.c:
	 * get_state()). */
	/** addresses (ss_family 0: none) */
	struct sockaddr_storage local_addr;
	struct sockaddr_storage remote_addr;
	/** identities: charon's id_type_t (0, ID_ANY: none) and encoding */
	int local_id_type;
	int remote_id_type;
	uint16_t local_id_len;
	uint16_t remote_id_len;
	uint8_t local_id_enc[VPNDIAG_ID_LEN];
	uint8_t remote_id_enc[VPNDIAG_ID_LEN];
};

/**
 * One transform of a proposal.
 */
struct vpndiag_transform_t {
	/** transform type (IKEv2 numbering: 1 encr, 2 prf, 3 integ, 4 ke, 5 esn) */
	uint16_t type;
	/** algorithm identifier */
	uint16_t alg;
	/** key size in bits, 0 if none */
	uint16_t keysize;
};

/**
 * A proposal list, compact.
 */
struct vpndiag_proposals_t {
	/** number of proposals */
	int count;
	struct {
		/** number of transforms */
		int count;
		/** charon's protocol_id_t (1 IKE, 2 AH, 3 ESP) */
		uint8_t protocol;
		vpndiag_transform_t t[VPNDIAG_MAX_TRANSFORMS];
	} p[VPNDIAG_MAX_PROPOSALS];
	/** the list as charon prints it (%#P); the listener leaves it empty,
	 *  the worker prints it from the above (vpndiag_event_format.h) */
	char text[VPNDIAG_TEXT_LEN];
};

/**
 * One traffic selector, raw: the fields of charon's traffic_selector_t.
 */
struct vpndiag_ts_t {
	/** charon's ts_type_t (7 IPv4 address range, 8 IPv6 address range) */
	uint8_t type;
	/** IP protocol, 0 for any */
	uint8_t protocol;
	/** TRUE for a "dynamic" selector not yet set to an address */
	bool dynamic;
	/** port range in host order (ICMP: type << 8 | code) */
	uint16_t from_port;
	uint16_t to_port;
	/** first and last address in network order (IPv4: 4 bytes used) */
	uint8_t from[16];
	uint8_t to[16];
};

/**
 * A list of traffic selectors, raw (copied by the hook, printed and
 * compared on the worker, see vpndiag_event_format.h and vpndiag_ts.h).
 */
struct vpndiag_ts_list_t {
	/** selectors the list held (more than VPNDIAG_MAX_TS: only the first
	 *  VPNDIAG_MAX_TS are copied), -1 if there was no list (NULL) */
	int count;
	/** the selectors, in the list's order */
	vpndiag_ts_t ts[VPNDIAG_MAX_TS];
};

/**
 * An event, as queued from the bus to the worker.
 *
 * Events are recycled (issue 22): a bus hook takes one from the queue's
 * free list (vpndiag_queue_t.get(), reset) and the worker hands it back
 * after use (vpndiag_queue_t.recycle(), which releases what it owns and
 * resets it off the bus lock, vpndiag_event_reset()). A new field therefore
 * needs nothing special as long as it is a plain value that is 0/""/NULL
 * when unused; a field that owns memory or a reference must also be released
 * in vpndiag_event_release() (vpndiag_queue.c).
 *
 * A reset event reads as a zeroed one, but is not all zero bytes: the
 * strings (sa.conn, sa.local, sa.remote, sa.local_id, sa.remote_id, child,
 * text, text2) are empty, with unspecified bytes after their NUL; the raw
 * identities are unspecified past local_id_len/remote_id_len (0), the raw
 * addresses past the longest sockaddr (ss_family 0), the selectors of ts[]
 * past their count (0). So write strings terminated (snprintf(),
 * vpndiag_strlcpy()), read them as strings (never memcmp() or hash a whole
 * buffer), and read the raw members only within their length or count.
 */
struct vpndiag_event_t {
	vpndiag_event_type_t type;
	/** wall clock time in milliseconds since the epoch */
	uint64_t time_ms;
	/** IKE_SA context */
	vpndiag_sa_t sa;
	/** CHILD_SA / child config name, "" if none */
	char child[VPNDIAG_NAME_LEN];
	/** CHILD_SA unique id, 0 if none */
	uint32_t child_id;
	/** child updown: the CHILD_SA reached its hard lifetime */
	bool hard_expired;
	/** child updown (up): the mode the config asked for (1 transport,
	 *  2 tunnel, ...), if the negotiated mode differs, else 0 */
	int mode_wanted;
	/** child updown (up): the negotiated mode */
	int mode_got;

	/** VPNDIAG_EV_ALERT */
	vpndiag_alert_t alert;
	/** VPNDIAG_EV_LOG */
	vpndiag_logfact_t logfact;

	/** generic integer argument: retransmit count, keyingtry, parse status,
	 *  first-CHILD flag, local-TS flag, signal */
	int arg;
	/** up (updown events) */
	bool up;
	/** new state (state change events) */
	int new_state;

	/** message: TRUE for incoming */
	bool incoming;
	/** message (and the message of ALERT_INVALID_IKE_SPI / PARSE_ERROR_*
	 *  without an IKE_SA): TRUE for a request */
	bool request;
	/** message / packet: exchange type (IKEv2 or IKEv1 numbering) */
	int exchange;
	/** message: message ID */
	uint32_t mid;
	/** message: error/status notify types it carries */
	int notify_count;
	uint16_t notifies[VPNDIAG_MAX_NOTIFIES];
	/** message: DELETE payload protocol (1 IKE, 3 ESP, 2 AH), 0 none */
	int delete_proto;
	/** message: EAP code (3 success, 4 failure), 0 none */
	int eap_code;
	/** message: carries fragments */
	bool fragmented;
	/** message: carries a CERT payload (incoming: the peer sent one) */
	bool certs;
	/** message: carries an AUTH payload (IKEv2) */
	bool auth;
	/** packet/message source and destination ports */
	uint16_t src_port;
	uint16_t dst_port;
	/** packet size in bytes (retransmits: of the first fragment) */
	uint32_t size;

	/** a text argument: certificate subject, TS lists, VIPs, log line */
	char text[VPNDIAG_TEXT_LEN];
	/** a second text argument: the other TS list, certificate issuer */
	char text2[VPNDIAG_TEXT_LEN];
	/** TS alerts: the selectors raw; the worker prints them as charon's
	 *  "%#R" into text and text2 (vpndiag_event_format.h).
	 *  ALERT_TS_MISMATCH: ts[0] TSi, ts[1] TSr as received (as proposed by
	 *  an initiator that got TS_UNACCEPTABLE, strongSwan 6.1+);
	 *  ALERT_TS_NARROWED: ts[0] the narrowed list (arg: TRUE if local) */
	vpndiag_ts_list_t ts[2];
	/** certificate validity (seconds since the epoch), 0 unknown */
	int64_t not_before;
	int64_t not_after;
	/** certificate alerts: which certificate of the chain it names */
	vpndiag_cert_role_t cert_role;

	/** VPNDIAG_EV_TRAFFIC (arg: vpndiag_traffic_verdict_t; text, text2:
	 *  the local and remote selectors): the CHILD_SA's counters */
	struct {
		uint64_t bytes_in, bytes_out, packets_in, packets_out;
		/** one-way: since when the silent direction is silent;
		 *  restored: since when it was one-way (ms) */
		uint64_t since_ms;
		/** installation time of the CHILD_SA (ms) */
		uint64_t installed_ms;
		/** SPIs (host order) and reqid */
		uint32_t spi_in, spi_out, reqid;
	} traffic;

	/** proposals carried by a proposal alert (received on the responder,
	 *  own on the initiator after NO_PROPOSAL_CHOSEN), NULL otherwise */
	vpndiag_proposals_t *proposals;
	/** the local configured proposals at a proposal alert, NULL otherwise
	 *  (the hook leaves it NULL and sets ike_cfg instead: the worker copies
	 *  the proposals in vpndiag_event_format()) */
	vpndiag_proposals_t *configured;
	/** a reference on charon's ike_cfg_t the hook took at a proposal alert
	 *  instead of cloning its proposals under the bus lock (see
	 *  vpndiag_event_format()); NULL otherwise. The one pointer into charon
	 *  an event carries; vpndiag_event_destroy() and the queue's recycle()
	 *  release it. */
	void *ike_cfg;
	/** ALERT_PROPOSAL_MISMATCH_IKE of a responder: the SA payload of the
	 *  received IKE_SA_INIT request, raw (generic header included), copied
	 *  by the hook instead of the proposals; the worker parses it into
	 *  proposals (vpndiag_sa_raw.h). NULL otherwise; owned (malloc) */
	uint8_t *sa_raw;
	/** length of sa_raw */
	uint32_t sa_raw_len;
};

/**
 * Free an event and what it owns.
 */
void vpndiag_event_destroy(vpndiag_event_t *event);

/**
 * Release what an event owns (proposal copies, the raw SA payload, the
 * ike_cfg reference) and
 * set those fields to NULL, without freeing the event.
 */
void vpndiag_event_release(vpndiag_event_t *event);

/**
 * Reset a released event to read as a zeroed one (see vpndiag_event_t: the
 * bytes after a string's NUL and past a length or count stay as they were).
 */
void vpndiag_event_reset(vpndiag_event_t *event);

/**
 * The wall clock in milliseconds since the epoch, as events carry it
 * (vpndiag_event_t.time_ms)
 */
static inline uint64_t vpndiag_time_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /** VPNDIAG_EVENT_H_ @}*/
