/**
 * The sandbox E2E key pair (RSA 2048, PKCS#8): a test key for the mock only, published here on
 * purpose so anyone can run the sandbox. Never use it for anything real.
 */
export const SANDBOX_E2E_PRIVATE_KEY_PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZDdhHBS+A8h11',
  'n9W0HBtxEn1JYHa902lJSh3/tNS2E2wCMRFpcCpar21zle60Tog5US+OUCYoqTZx',
  '2hI37Pi/GQ0QeC4QCq35LbnmANh3qUArahyMXTFF2G2gPZ1HV57aW1Tx1qn9UB3C',
  'p3eU5FEYGTRIgKnIhiTAfslC6kor5z9HoBa/PSkw8OaEo2iQk9nljGxCvNBVJhtw',
  'G24DjmwbDlCknbJL3ZgWOF9ndigG54ObcAEIJVdRln/ud8/o1g7l8j5Y276750x0',
  'KhRhLE6DajF51+mNerf/MVdSk578t3/5wKE1LbMVv94LPPx4Clgpr8Tu5IPCri51',
  '0IsR/e1DAgMBAAECggEABIZsd19gZ0F+ie8inx++fLcXdvoOKUf1vnbpAcwGngmK',
  'npyteCbD/OI1l6UzdePbPpXdAww6hDqyE8gplnixkn5WgbAXub+w2WyLUlDuZZQ/',
  'biHgskmkSm7IKxqNvSjsLjFp2th2vWOE5oPj4AetUlTLYvJeJJWTWsYDf4pV47nJ',
  '6NXwF+DgKLffkblM5AbqOOgaPMXyM07TuAOPw8XnzsJJajOCFA5FCOd0aW45II+J',
  'nkFLxCMagOaZ/nelq4+L915Zb2gEj2MpjO+j/lH81jCdRZSIyOtVbIbtGVVozRT6',
  '8hoOTAAv3qbgLBQMltFzDdO4/BEBT7lHA8Hh6qEh7QKBgQD+BjgsEiH1NHfcoxoM',
  'FC9v13HlXYJ+p9VeZCwRu0gMvyaTinx99L0t06g/NnunGKFJzwYYG4zba90Jgv4t',
  '3Zpp+1jdv6vtLwS6gnxIVyzfeF48aeZSfuIsIsNM1r1SMPbppSBDUaWAivouUj/j',
  'zCY5v7V8JU4LcMWcLud5x4RU3QKBgQDavgPba+O3cb1uFelT/jfPxdTWNmrLwWVh',
  'n1cvSfd+lMDm/+mnZAIs/uzjaYAt7hfzMynOuVs52X0JnxZNcjAsGVzzXxyZ2FVr',
  'Tyh6yQDsCkTZY57uHdgX3omnbh7JMNJc+xVSWugikjPCniwhtWu9kXXZ1KApOg8H',
  '3LrZUnKYnwKBgQCFmHnEW8j2L6D2LeVOAvOry1AAQ/yUZeomWWJ/9NIAuissn0G3',
  '8JXp2w36KMpBaAezTKi01xBuebzm+rh5ILnMET98aAiglgDTojqAxTA5WxGcjklu',
  'i4KhmarC55DsAApreMeOAAudnfnTkLg/MqfL6VImN2xjQez7pgNhHZgwFQKBgQDA',
  '57n3E9qquL/aCbDPxe3qagkdMLhWIKQLx73Xkl+VXhIQpbelS2kvzVGT7EKCPusY',
  'KxK/oG93QPooNggxHHanLWbvqf1LH6GVFSYZwpHxl8zH+jb6v48G3dZ/tXmo7ElY',
  'foV7L3hwpIbJJzy8LYZqk5FfHUhxkyYWRO7zIOa2+QKBgHxJycCBBUhmO1Fu8LTX',
  'x9XSfZULouoZfkuePcWgQ0EW9X1Io1H7MGRV7OMvSuqwYmizd8On92hqR8ZF5RKY',
  'aYbTZxE9qx9hfzVHFDDF5Z8q3fHitTeY0g7Vq4BUb16GG54jBd897hpoZ8+AX4lq',
  'DLh4yZllVA8kFSGpxDx8Qfyd',
  '-----END PRIVATE KEY-----',
].join('\n');
