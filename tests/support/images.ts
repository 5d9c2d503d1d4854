import sharp from 'sharp';

/** A real JPEG carrying EXIF with GPS and a capture time, like a phone photo sent as a file. */
export async function phonePhoto(color = { r: 200, g: 40, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: color } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1', DateTime: '2026:05:20 09:30:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '112/1 51/1 0/1' },
    })
    .toBuffer();
}

export async function pngPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toBuffer();
}
