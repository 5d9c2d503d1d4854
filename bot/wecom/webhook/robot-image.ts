/** [群机器人] 图片类型: at most 2 MB before base64, JPG or PNG only (群机器人配置说明 path/91770). */
export const ROBOT_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

const isJpegOrPng = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) || b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

/**
 * The photo as a group robot accepts it: unchanged when it already is a JPG/PNG within 2 MB, else
 * re-encoded as JPEG at shrinking sizes until it fits; undefined if even the smallest does not.
 * sharp is loaded only when a photo needs it.
 */
export async function fitForRobot(data: Uint8Array): Promise<Buffer | undefined> {
  const bytes = Buffer.from(data);
  if (bytes.length <= ROBOT_IMAGE_MAX_BYTES && isJpegOrPng(bytes)) return bytes;
  const { default: sharp } = await import('sharp');
  for (const [edge, quality] of [[2560, 82], [1600, 75], [1024, 65]] as const) {
    const out = await sharp(bytes).rotate().resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }).jpeg({ quality }).toBuffer();
    if (out.length <= ROBOT_IMAGE_MAX_BYTES) return out;
  }
  return undefined;
}
