/**
 * STUN (RFC 5389 / 8489) and TURN (RFC 8656) numbers the relay uses. Values are protocol
 * facts; the selection is the subset browsers and turnutils_uclient exercise.
 */

/** fixed value in bytes 4..7 of every STUN message (RFC 5389 §6) */
export const MAGIC_COOKIE = 0x2112a442;
/** STUN header size, bytes */
export const HEADER_BYTES = 20;
/** XORed into the CRC32 of a FINGERPRINT attribute (RFC 5389 §15.5) */
export const FINGERPRINT_XOR = 0x5354554e;

export const Method = {
  binding: 0x001,
  allocate: 0x003,
  refresh: 0x004,
  send: 0x006,
  data: 0x007,
  createPermission: 0x008,
  channelBind: 0x009,
} as const;

export const MessageClass = {
  request: 0,
  indication: 1,
  success: 2,
  error: 3,
} as const;
export type MessageClassValue = (typeof MessageClass)[keyof typeof MessageClass];

export const Attr = {
  mappedAddress: 0x0001,
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  unknownAttributes: 0x000a,
  channelNumber: 0x000c,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedAddressFamily: 0x0017,
  evenPort: 0x0018,
  requestedTransport: 0x0019,
  dontFragment: 0x001a,
  messageIntegritySha256: 0x001c,
  passwordAlgorithm: 0x001d,
  userhash: 0x001e,
  xorMappedAddress: 0x0020,
  reservationToken: 0x0022,
  priority: 0x0024,
  useCandidate: 0x0025,
  software: 0x8022,
  fingerprint: 0x8028,
} as const;

/**
 * Comprehension-required attributes (type < 0x8000) this server understands or may safely
 * ignore. Any other comprehension-required attribute in a request earns 420 (RFC 5389 §7.3.1).
 */
export const KNOWN_REQUIRED_ATTRIBUTES: ReadonlySet<number> = new Set([
  Attr.mappedAddress,
  Attr.username,
  Attr.messageIntegrity,
  Attr.errorCode,
  Attr.unknownAttributes,
  Attr.channelNumber,
  Attr.lifetime,
  Attr.xorPeerAddress,
  Attr.data,
  Attr.realm,
  Attr.nonce,
  Attr.xorRelayedAddress,
  Attr.requestedAddressFamily,
  Attr.evenPort,
  Attr.requestedTransport,
  Attr.dontFragment,
  Attr.messageIntegritySha256,
  Attr.passwordAlgorithm,
  Attr.userhash,
  Attr.xorMappedAddress,
  Attr.reservationToken,
  Attr.priority,
  Attr.useCandidate,
]);

/** reason phrases sent with each error code the server produces */
export const ERROR_REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  420: 'Unknown Attribute',
  437: 'Allocation Mismatch',
  438: 'Stale Nonce',
  440: 'Address Family not Supported',
  441: 'Wrong Credentials',
  442: 'Unsupported Transport Protocol',
  443: 'Peer Address Family Mismatch',
  486: 'Allocation Quota Reached',
  500: 'Server Error',
  508: 'Insufficient Capacity',
};

/** IANA protocol number of UDP, the only REQUESTED-TRANSPORT this relay offers */
export const TRANSPORT_UDP = 17;

/** first and last channel numbers a client may bind (RFC 8656 §12) */
export const CHANNEL_MIN = 0x4000;
export const CHANNEL_MAX = 0x7fff;

/** STUN message type (14 bits) from method and class: class bits sit at 0x0010 and 0x0100 */
export function messageType(method: number, cls: MessageClassValue): number {
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7);
}

/** method of a STUN message type */
export function methodOf(type: number): number {
  return (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
}

/** class of a STUN message type */
export function classOf(type: number): MessageClassValue {
  return (((type >> 4) & 1) | ((type >> 7) & 2)) as MessageClassValue;
}
