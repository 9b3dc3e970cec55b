<html>
<head>
<title>แจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ - จังหวัดยโสธร</title>
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">
<table width="780" border="0" align="center" cellpadding="6" cellspacing="0">
<tr><td bgcolor="#006699"><font face="MS Sans Serif" size="4" color="#FFFFFF"><b>สำนักงานจังหวัดยโสธร</b></font></td></tr>
<tr><td><font face="MS Sans Serif" size="2">
<p><font size="3" color="#003366"><b>ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</b></font></p>
<p>ท่านสามารถแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ในสังกัดจังหวัดยโสธร ผ่านแบบฟอร์มด้านล่าง ข้อมูลของผู้ร้องเรียนจะถูกเก็บรักษาเป็นความลับ</p>
<form method="post" action="complaint.php"><table border="0" cellpadding="3"><tr><td align="right">ชื่อ-นามสกุล :</td><td><input type="text" name="f0" size="40"></td></tr><tr><td align="right">หมายเลขโทรศัพท์ :</td><td><input type="text" name="f1" size="40"></td></tr><tr><td align="right">เรื่องที่ร้องเรียน :</td><td><input type="text" name="f2" size="40"></td></tr><tr><td align="right">รายละเอียด :</td><td><input type="text" name="f3" size="40"></td></tr><tr><td></td><td><input type="submit" value="ส่งเรื่องร้องเรียน"></td></tr></table></form>
<p>หรือติดต่อศูนย์ดำรงธรรมจังหวัดยโสธร โทร 1567 ในวันและเวลาราชการ</p>
<p><a href="index.php">หน้าแรกเว็บไซต์เดิม</a> | <a href="/2018/">กลับสู่เว็บไซต์จังหวัดยโสธร</a></p>
</font></td></tr>
<tr><td bgcolor="#EEEEEE" align="center"><font face="MS Sans Serif" size="1">สำนักงานจังหวัดยโสธร ศาลากลางจังหวัดยโสธร ถนนแจ้งสนิท อำเภอเมือง จังหวัดยโสธร 35000 โทร. 0-4571-2566</font></td></tr>
</table>
</body>
</html>
