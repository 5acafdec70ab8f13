// The published onepw and Hawk vectors (api-v1.md §3.7, §4), as data. Both the
// server's implementation (src/tokens) and the client's (src/client) are
// checked against this one copy.

export type VectorTokenType =
  | 'sessionToken'
  | 'keyFetchToken'
  | 'accountResetToken'
  | 'passwordForgotToken'
  | 'passwordChangeToken';

/** fakeKey(n): the 32 bytes n, n+1, ..., n+31, the seeds of the published vectors. */
export function fakeKey(start: number): Buffer {
  return Buffer.from(Array.from({ length: 32 }, (_, i) => start + i));
}

export interface TokenVector {
  type: VectorTokenType;
  seed: number;
  tokenId: string;
  authKey: string;
  bundleKey: string;
}

export const TOKEN_VECTORS: TokenVector[] = [
  {
    type: 'keyFetchToken',
    seed: 0x80,
    tokenId: '3d0a7c02a15a62a2882f76e39b6494b500c022a8816e048625a495718998ba60',
    authKey: '87b8937f61d38d0e29cd2d5600b3f4da0aa48ac41de36a0efe84bb4a9872ceb7',
    bundleKey: '14f338a9e8c6324d9e102d4e6ee83b209796d5c74bb734a410e729e014a4a546',
  },
  {
    type: 'sessionToken',
    seed: 0xa0,
    tokenId: 'c0a29dcf46174973da1378696e4c82ae10f723cf4f4d9f75e39f4ae3851595ab',
    authKey: '9d8f22998ee7f5798b887042466b72d53e56ab0c094388bf65831f702d2febc0',
    bundleKey: '37e3fceb754cb57362a8bd60a2f2344a7c285d17ddb2b57733640ce6d1b6a7a8',
  },
  {
    type: 'accountResetToken',
    seed: 0xc0,
    tokenId: '46ec557e56e531a058620e9344ca9c75afac0d0bcbdd6f8c3c2f36055d9540cf',
    authKey: '716ebc28f5122ef48670a48209190a1605263c3188dfe45256265929d1c45e48',
    bundleKey: 'aa5906d2318c6e54ecebfa52f10df4c036165c230cc78ee859f546c66ea3c126',
  },
  {
    type: 'passwordForgotToken',
    seed: 0xe0,
    tokenId: '38dfd4b5538ba183804693ad49a25714a322fa007cce0c617dc90d1f509c555c',
    authKey: '6f273c9f0e9b452d21f42a7e4fff3bfa46faff4dd340163136dfc5c2c4d160c3',
    bundleKey: 'd7c7c13d9478a24febee705a6d62a22b14e701797443bad65397ca8ae20acd21',
  },
  {
    type: 'passwordChangeToken',
    seed: 0xe0,
    tokenId: 'c04fd0af1b6b5bb2e824d7dbb9849bc87cd8464769a67ff293c3cf2bc802d103',
    authKey: '4d4c47a5fe374d2c0ab104260a56fe96c69170182c7df448711c0ccd0d61627d',
    bundleKey: 'cb4be1b40240642296803ca7d14f5597fd778ea9855d9157317deed08d6cbb38',
  },
];

/** keyFetchToken 0x80.., kA = 0x20.., wrapKb = 0x40.. */
export const BUNDLE_VECTOR = {
  seed: 0x80,
  kA: 0x20,
  wrapKb: 0x40,
  ciphertext:
    'ee5c58845c7c9412b11bbd20920c2fddd83c33c9cd2c2de2d66b222613364636c2c0f8cfbb7c630472c0bd88451342c6c05b14ce342c5ad46ad89e84464c993c',
  mac: '3927d30230157d0817a077eef4b20d976f7a97363faf3f064c003ada7d01aa70',
};

/** The client-side stretching vector (api-v1.md §3.7). */
export const STRETCH_VECTOR = {
  email: 'andré@example.org',
  emailUtf8: '616e6472c3a9406578616d706c652e6f7267',
  password: 'pässwörd',
  passwordUtf8: '70c3a4737377c3b67264',
  quickStretchedPW: 'e4e8889bd8bd61ad6de6b95c059d56e7b50dacdaf62bd84644af7e2add84345d',
  authPW: '247b675ffb4c46310bc87e26d712153abe5e1c90ef00a4784594f97ef54f2375',
  unwrapBKey: 'de6a2648b78284fcb9ffa81ba95803309cfba7af583c01a8a1a63e567234dd28',
  /** kB from BUNDLE_VECTOR's wrapKb and this unwrapBKey. */
  kB: '9e2b640bf3c7c2bbf1b6e250e5154d7fccaaf5fc0c6957fff9ff640d2e698377',
};

/** The Hawk vectors of api-v1.md §4. */
export const HAWK_VECTORS = {
  readme: {
    url: 'http://example.com:8000/resource/1?b=1&a=2',
    method: 'GET',
    id: '123456',
    key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn',
    ts: 1353832234,
    nonce: 'j4h3g2',
    ext: 'some-app-ext-data',
    mac: '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=',
  },
  /** Signed with the sessionToken of seed fakeKey(0xa0). */
  sessionStatus: {
    url: 'https://api.accounts.example.com/v1/session/status',
    method: 'GET',
    ts: 1373391043,
    nonce: 'ohQjqb',
    mac: 'lDVoyczKude+YDSpvJO2LFH1fMJIUzf7Yd6DNggZFcA=',
  },
  certificateSign: {
    url: 'https://api.accounts.example.com/v1/certificate/sign',
    method: 'POST',
    ts: 1373391043,
    nonce: 'ohQjqb',
    body:
      '{"publicKey":{"algorithm":"RS","n":"4759385967235610503571494339196749614544606692' +
      '567785790953934768202714280652973091341316862993582789079872007974809511698859885' +
      '077002492642203267408776123","e":"65537"},"duration":86400000}',
    hash: 'hrQdqQETZEw2FS3Fw9RyCgJIhXaDCvd3cN6rcUW2z0c=',
    mac: '1ULUwXu+9VXf+SkwWMW9DTp7+6sedyec6YP7ML8Cnzc=',
  },
};
