/**
 * The JSON Schema of the Pay with Points fixture (the sandbox's data and what verify may enrol),
 * checked by ajv with the repo's one configuration. Extra fields are allowed: verify sends a card's
 * fields by name. `x-expected` words what a value must be (the message after "must be"),
 * `x-too-few` what an empty list lacks. Rules that relate two values (duplicates, a card number
 * ending in its last four digits, minimum ≤ maximum, a customer's cards) are named checks in
 * `fixture-rules.ts`: JSON Schema cannot say them.
 */
const nonEmptyString = { type: 'string', minLength: 1, 'x-expected': 'a non-empty string' } as const;
const wholePoints = {
  type: 'integer',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  'x-expected': 'a whole number of points ≥ 0',
} as const;
const printableToken = {
  type: 'string',
  pattern: '^[\\x21-\\x7e]+$',
  'x-expected': 'a non-empty string of printable characters without spaces',
} as const;

const client = {
  type: 'object',
  'x-expected': 'an object',
  required: ['clientId', 'clientSecret'],
  properties: {
    clientId: nonEmptyString,
    clientSecret: nonEmptyString,
    staticTokens: { type: 'array', 'x-expected': 'an array', items: printableToken },
    redirectUris: {
      type: 'array',
      'x-expected': 'an array',
      items: { type: 'string', 'x-expected': 'an absolute http(s) URL without a fragment' },
    },
  },
} as const;

const account = {
  type: 'object',
  'x-expected': 'an object',
  required: ['availablePointBalance', 'programConversionRate', 'currencyCode'],
  properties: {
    availablePointBalance: wholePoints,
    programConversionRate: { type: 'number', exclusiveMinimum: 0, 'x-expected': 'a number > 0' },
    currencyCode: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      'x-expected': 'an ISO 4217 code (three capital letters)',
    },
    minimumPointsToRedeem: wholePoints,
    maximumPointsToRedeem: wholePoints,
  },
} as const;

const card = {
  type: 'object',
  'x-expected': 'an object',
  required: ['lastFourDigitsCardNumber', 'citiCardHolderPhoneNumber', 'linkageConfirmationCode', 'account'],
  properties: {
    lastFourDigitsCardNumber: { type: 'string', pattern: '^\\d{4}$', 'x-expected': 'four digits' },
    citiCardHolderPhoneNumber: {
      type: 'string',
      pattern: '^\\+?[\\d -]{6,20}$',
      'x-expected': 'a phone number (digits, optionally with country code)',
    },
    linkageConfirmationCode: nonEmptyString,
    cardId: nonEmptyString,
    displayCardNumber: nonEmptyString,
    cardNumber: { type: 'string', pattern: '^\\d{12,19}$', 'x-expected': '12 to 19 digits' },
    account,
  },
} as const;

const customer = {
  type: 'object',
  'x-expected': 'an object',
  required: ['userId', 'password', 'cards'],
  properties: {
    userId: {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,64}$',
      'x-expected': '1 to 64 printable characters without spaces',
    },
    password: nonEmptyString,
    cards: { type: 'array', 'x-expected': 'an array', items: { type: 'string', 'x-expected': 'four digits' } },
  },
} as const;

const e2eKey = {
  type: 'object',
  'x-expected': 'an object with keyIdentifier and privateKeyPem',
  required: ['keyIdentifier', 'privateKeyPem'],
  properties: {
    keyIdentifier: nonEmptyString,
    privateKeyPem: {
      type: 'string',
      pattern: '-----BEGIN (RSA )?PRIVATE KEY-----',
      'x-expected': 'an RSA private key in PEM',
    },
  },
} as const;

export const FIXTURE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Pay with Points sandbox fixture',
  type: 'object',
  'x-expected': 'an object with "clients" and "cards"',
  required: ['clients', 'cards'],
  properties: {
    clients: { type: 'array', minItems: 1, 'x-expected': 'an array', 'x-too-few': 'client', items: client },
    cards: { type: 'array', 'x-expected': 'an array', items: card },
    customers: { type: 'array', 'x-expected': 'an array', items: customer },
    e2eKey,
  },
} as const;
