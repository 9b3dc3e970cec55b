"""The Thai words for statuses and errors that every report, alert and terminal line uses."""

STATUS_TH = {"current": "เป็นปัจจุบัน", "outdated": "ไม่เป็นปัจจุบัน", "missing": "ไม่พบ", "broken": "ลิงก์เสีย"}
RUN_STATUS_TH = {"complete": "สมบูรณ์", "incomplete": "ไม่สมบูรณ์", "failed": "ล้มเหลว", "running": "ยังทำงานอยู่"}
KIND_TH = {"page": "หน้าเว็บ", "document": "เอกสาร", "external": "ลิงก์ภายนอก"}
ERROR_TH = {"timeout": "หมดเวลารอ", "dns": "ไม่พบชื่อโดเมน", "connection_refused": "เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ",
            "connection_lost": "การเชื่อมต่อขาด", "redirect_loop": "เปลี่ยนเส้นทางวนซ้ำ",
            "soft_404": "ได้หน้าเว็บแทนไฟล์เอกสาร", "data_loss": "ได้ไฟล์ไม่ครบ"}
