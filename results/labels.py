"""The Thai words for statuses and errors that every report, alert and terminal line uses."""

STATUS_TH = {"current": "เป็นปัจจุบัน", "outdated": "ไม่เป็นปัจจุบัน", "missing": "ไม่พบ", "broken": "ลิงก์เสีย"}
RUN_STATUS_TH = {"complete": "สมบูรณ์", "incomplete": "ไม่สมบูรณ์", "failed": "ล้มเหลว", "running": "ยังทำงานอยู่"}
KIND_TH = {"page": "หน้าเว็บ", "document": "เอกสาร", "external": "ลิงก์ภายนอก"}
ERROR_TH = {"timeout": "หมดเวลารอ", "dns": "ไม่พบชื่อโดเมน", "connection_refused": "เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ",
            "connection_lost": "การเชื่อมต่อขาด", "redirect_loop": "เปลี่ยนเส้นทางวนซ้ำ",
            "soft_404": "ได้หน้าเว็บแทนไฟล์เอกสาร", "data_loss": "ได้ไฟล์ไม่ครบ"}
# Why a document's text could not be read (the code before ":" in documents.extract_error or .error).
UNREAD_TH = {
    "ocr_unavailable": "เป็นภาพสแกน แต่ไม่ได้ติดตั้ง OCR (Tesseract) จึงอ่านไม่ได้",
    "unsupported": "ไม่มีโปรแกรมอ่านไฟล์ชนิดนี้ (เช่น .doc ต้องใช้ LibreOffice)",
    "corrupt": "ไฟล์เสียหรือไม่ครบ",
    "encrypted": "ไฟล์ถูกเข้ารหัสด้วยรหัสผ่าน",
    "zip_bomb": "ไฟล์บีบอัดผิดปกติ (อาจเป็นอันตราย) จึงไม่เปิด",
    "unsafe_xml": "ไฟล์มีโครงสร้าง XML ที่ไม่ปลอดภัย จึงไม่เปิด",
    "timeout": "อ่านไม่เสร็จในเวลาที่กำหนด",
    "crashed": "โปรแกรมอ่านไฟล์หยุดทำงาน",
    "too_large": "ไฟล์ใหญ่เกินขนาดที่กำหนด จึงไม่ได้ดาวน์โหลด",
    "empty": "ไฟล์ว่างเปล่า (0 ไบต์)",
    "no_text": "ไม่พบข้อความในไฟล์ (อาจเป็นภาพสแกนที่ OCR อ่านไม่ออก)",
}
