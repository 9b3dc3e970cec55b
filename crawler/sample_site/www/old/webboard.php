<html>
<head>
<title>กระดานถาม-ตอบ สำนักงานจังหวัดยโสธร</title>
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">
<table width="780" border="0" align="center" cellpadding="6" cellspacing="0">
<tr><td bgcolor="#006699"><font face="MS Sans Serif" size="4" color="#FFFFFF"><b>สำนักงานจังหวัดยโสธร</b></font></td></tr>
<tr><td><font face="MS Sans Serif" size="2">
<p><font size="3" color="#003366"><b>กระดานถาม-ตอบ</b></font></p>
<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr><td bgcolor="#CCDDEE"><b>หัวข้อ</b></td><td bgcolor="#CCDDEE"><b>ผู้ตั้ง</b></td><td bgcolor="#CCDDEE"><b>วันที่</b></td></tr><tr><td>สอบถามขั้นตอนการขอใช้ห้องประชุม</td><td>ชาวยโสธร</td><td>12/03/2560</td></tr><tr><td>ขอทราบกำหนดการงานบุญบั้งไฟ</td><td>นักท่องเที่ยว</td><td>02/05/2560</td></tr><tr><td>แจ้งไฟฟ้าส่องสว่างชำรุดหน้าศาลากลาง</td><td>ประชาชน</td><td>15/08/2560</td></tr></table>
<p>กระดานนี้ปิดรับกระทู้ใหม่แล้ว กรุณาติดต่อผ่านศูนย์ดำรงธรรมจังหวัดยโสธร</p>
<p><a href="index.php">หน้าแรกเว็บไซต์เดิม</a></p>
</font></td></tr>
<tr><td bgcolor="#EEEEEE" align="center"><font face="MS Sans Serif" size="1">สำนักงานจังหวัดยโสธร ศาลากลางจังหวัดยโสธร ถนนแจ้งสนิท อำเภอเมือง จังหวัดยโสธร 35000 โทร. 0-4571-2566</font></td></tr>
</table>
</body>
</html>
