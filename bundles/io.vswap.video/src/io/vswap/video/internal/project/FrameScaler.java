package io.vswap.video.internal.project;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import io.vswap.video.api.CropRect;
import io.vswap.video.api.RgbFrame;

/** Crops and scales frames with OpenCV: area averaging when shrinking, bicubic when enlarging. */
final class FrameScaler {

    private FrameScaler() {
    }

    static RgbFrame cropAndScale(RgbFrame src, CropRect crop, int outWidth, int outHeight, int index) {
        if (crop.x() == 0 && crop.y() == 0 && crop.width() == src.width() && crop.height() == src.height()
                && outWidth == src.width() && outHeight == src.height()) {
            return new RgbFrame(index, outWidth, outHeight, src.rgb());
        }
        byte[] out = new byte[outWidth * outHeight * 3];
        try (BytePointer data = new BytePointer(src.rgb());
                Mat whole = new Mat(src.height(), src.width(), CV_8UC3, data);
                Rect r = new Rect(crop.x(), crop.y(), crop.width(), crop.height());
                Mat roi = new Mat(whole, r);
                Size size = new Size(outWidth, outHeight);
                Mat dst = new Mat()) {
            boolean shrinking = outWidth < crop.width() || outHeight < crop.height();
            resize(roi, dst, size, 0, 0, shrinking ? INTER_AREA : INTER_CUBIC);
            dst.data().get(out);
        }
        return new RgbFrame(index, outWidth, outHeight, out);
    }
}
