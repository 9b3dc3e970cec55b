<html>
<head>
<title>สำนักงานจังหวัดยโสธร (เว็บไซต์เดิม)</title>
<meta http-equiv="Content-Type" content="text/html; charset=windows-874">
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">
<table width="780" border="0" align="center" cellpadding="6" cellspacing="0">
<tr><td bgcolor="#006699"><font face="MS Sans Serif" size="4" color="#FFFFFF"><b>สำนักงานจังหวัดยโสธร</b></font></td></tr>
<tr><td><font face="MS Sans Serif" size="2">
<p><font size="3" color="#003366"><b>ยินดีต้อนรับสู่เว็บไซต์สำนักงานจังหวัดยโสธร</b></font></p>
<p>เว็บไซต์นี้เป็นเว็บไซต์เดิมของสำนักงานจังหวัดยโสธร เก็บไว้เพื่อการอ้างอิง ข้อมูลปัจจุบันโปรดดูที่เว็บไซต์ใหม่ของจังหวัด</p>
<p><a href="complaint.php">แจ้งเรื่องร้องเรียนการทุจริต</a> | <a href="winner.php">ประกาศผู้ชนะการเสนอราคา</a> | <a href="webboard.php">กระดานถาม-ตอบ</a> | <a href="/2018/">เว็บไซต์จังหวัดยโสธร (ใหม่)</a></p>
</font></td></tr>
<tr><td bgcolor="#EEEEEE" align="center"><font face="MS Sans Serif" size="1">สำนักงานจังหวัดยโสธร ศาลากลางจังหวัดยโสธร ถนนแจ้งสนิท อำเภอเมือง จังหวัดยโสธร 35000 โทร. 0-4571-2566</font></td></tr>
</table>
</body>
</html>
